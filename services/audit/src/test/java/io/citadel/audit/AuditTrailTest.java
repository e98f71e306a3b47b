package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.core.Principal;
import io.citadel.core.ServiceException;
import io.citadel.core.audit.ApiCall;
import io.citadel.core.audit.AuditUnavailableException;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageException;
import io.citadel.storage.Transaction;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";

    @TempDir
    Path exportDir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);

    @Test
    void record_isFoundByEveryLookupAttribute() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            ApiCall decrypt = Fixtures.call(Fixtures.ALICE, "kms", "Decrypt", T0, "us-east-1", List.of(KEY_ARN));
            trail.record(decrypt);
            trail.record(Fixtures.getCallerIdentity(Fixtures.ROOT, T0.plusSeconds(1)));
            String eventId = trail.lookupAll(LookupQuery.by("EventName", "Decrypt")).events().getFirst().eventId();
            for (String[] kv : List.of(new String[] {"EventId", eventId}, new String[] {"EventName", "Decrypt"},
                    new String[] {"Username", "alice"}, new String[] {"AccessKeyId", Fixtures.ALICE.accessKeyId()},
                    new String[] {"EventSource", "kms.amazonaws.com"}, new String[] {"ResourceName", KEY_ARN},
                    new String[] {"ResourceType", "AWS::KMS::Key"}, new String[] {"ReadOnly", "false"})) {
                List<StoredEvent> found = trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by(kv[0], kv[1])).events();
                assertThat(found).as(kv[0]).extracting(StoredEvent::eventName).containsExactly("Decrypt");
            }
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("Username", "root")).events())
                    .extracting(StoredEvent::eventName).containsExactly("GetCallerIdentity");
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.all()).events())
                    .extracting(StoredEvent::eventName).containsExactly("GetCallerIdentity", "Decrypt");
        }
    }

    @Test
    void lookup_seesOnlyItsAccountAndRegion_lookupAllSeesEverything() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            trail.record(Fixtures.getCallerIdentity(Fixtures.BOB, T0));
            trail.record(Fixtures.call(Fixtures.ALICE, "sts", "GetCallerIdentity", T0, "eu-west-1", List.of()));
            trail.record(Fixtures.call(null, "sts", "GetCallerIdentity", T0, null, List.of()));
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.all()).events()).hasSize(1)
                    .allSatisfy(e -> assertThat(e.username()).isEqualTo("alice"));
            assertThat(trail.lookup(Fixtures.OTHER_ACCOUNT, "us-east-1", LookupQuery.all()).events()).hasSize(1)
                    .allSatisfy(e -> assertThat(e.username()).isEqualTo("bob"));
            assertThat(trail.lookup(Fixtures.ACCOUNT, "eu-west-1", LookupQuery.all()).events()).hasSize(1);
            assertThat(trail.lookupAll(LookupQuery.all()).events()).hasSize(4);
            String bobsEvent = trail.lookup(Fixtures.OTHER_ACCOUNT, "us-east-1", LookupQuery.all()).events().getFirst().eventId();
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("EventId", bobsEvent)).events()).isEmpty();
        }
    }

    @Test
    void readOnlyCall_recordsNoResponseElements_asCloudTrailDoes() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            ApiCall read = new ApiCall("req-r", T0, "kms", "DescribeKey", "us-east-1", Fixtures.ALICE,
                    Fixtures.ALICE.accessKeyId(), "10.1.2.3", "boto3", true, Fixtures.json("{\"KeyId\":\"k\"}"),
                    Fixtures.json("{\"KeyMetadata\":{\"KeyId\":\"k\"}}"), null, null, List.of(KEY_ARN));
            trail.record(read);
            JsonNode record = Fixtures.JSON.readTree(trail.lookupAll(LookupQuery.all()).events().getFirst().cloudTrailEvent());
            assertThat(record.path("readOnly").asBoolean()).isTrue();
            assertThat(record.path("requestParameters").path("KeyId").asText()).isEqualTo("k");
            assertThat(record.has("responseElements")).isTrue();
            assertThat(record.path("responseElements").isNull()).as("%s", record).isTrue();
        }
    }

    @Test
    void cloudTrailEvent_isTheRedactedRecord() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            ApiCall call = new ApiCall("req-1", T0.plusMillis(1500), "kms", "Decrypt", "us-east-1", Fixtures.ALICE,
                    Fixtures.ALICE.accessKeyId(), "10.1.2.3", "boto3", false, Fixtures.json("{\"CiphertextBlob\":\"AAA\"}"),
                    Fixtures.json("{\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\"c2VjcmV0IQ==\"}"), null, null, List.of(KEY_ARN));
            trail.record(call);
            StoredEvent e = trail.lookupAll(LookupQuery.all()).events().getFirst();
            JsonNode record = Fixtures.JSON.readTree(e.cloudTrailEvent());
            assertThat(record.path("eventVersion").asText()).isEqualTo("1.08");
            assertThat(record.path("eventTime").asText()).isEqualTo("2025-03-01T10:00:01Z");
            assertThat(record.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
            assertThat(record.path("userIdentity").path("arn").asText()).isEqualTo(Fixtures.ALICE.arn());
            assertThat(record.path("requestID").asText()).isEqualTo("req-1");
            assertThat(record.path("eventID").asText()).isEqualTo(e.eventId()).hasSize(36);
            assertThat(record.path("responseElements").path("Plaintext").asText()).isEqualTo(Redactor.HIDDEN);
            assertThat(record.path("resources").get(0).path("type").asText()).isEqualTo("AWS::KMS::Key");
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(Fixtures.ACCOUNT);
            assertThat(e.cloudTrailEvent()).doesNotContain("c2VjcmV0IQ==");
        }
    }

    @Test
    void manyConcurrentCallers_areGroupCommitted_andTheChainVerifies() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            int threads = 64;
            int each = 40;
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            }
            assertThat(trail.batches()).isLessThan(threads * each);
            VerificationResult result = AuditVerifier.verify(storage);
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.recordsChecked()).isEqualTo(threads * each);
        }
    }

    @Test
    void aBatchSpanningSeveralChunks_isFoundByEventId_andVerifies() throws Exception {
        GatedStorage storage = new GatedStorage(Fixtures.sealedInMemory());
        try (storage; AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            int callers = 201;
            storage.gate = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                done.add(pool.submit(() -> trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0))));
                storage.entered.await(); // the writer now holds the first record in the gated transaction
                for (int t = 1; t < callers; t++) {
                    Principal p = t % 2 == 0 ? Fixtures.ALICE : Fixtures.ROOT;
                    done.add(pool.submit(() -> trail.record(Fixtures.getCallerIdentity(p, T0))));
                }
                while (trail.queued() < callers - 1) {
                    Thread.onSpinWait(); // the other 200 records queue up behind it
                }
                storage.gate.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            }
            assertThat(trail.batches()).isEqualTo(2);
            List<StoredEvent> all = new ArrayList<>();
            String token = null;
            do {
                LookupPage page = trail.lookupAll(LookupQuery.all().withNextToken(token));
                all.addAll(page.events());
                token = page.nextToken();
            } while (token != null);
            assertThat(all).hasSize(callers);
            for (StoredEvent e : all) {
                assertThat(trail.lookupAll(LookupQuery.by("EventId", e.eventId())).events())
                        .extracting(StoredEvent::sequence).containsExactly(e.sequence());
            }
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("Username", "root").withMaxResults(50)).events())
                    .hasSize(50).allSatisfy(e -> assertThat(e.username()).isEqualTo("root"));
            assertThat(storage.scan(AuditKeys.LOG, null, 100).entries()).hasSize(1 + 4); // one chunk + ceil(200 / 64)
            VerificationResult result = AuditVerifier.verify(storage);
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.recordsChecked()).isEqualTo(callers);
        }
    }

    @Test
    void storageFailure_failsTheCallers_andLaterBatchesSucceed() {
        FlakyStorage storage = new FlakyStorage(Fixtures.sealedInMemory());
        try (storage; AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            storage.failing = true;
            assertThatThrownBy(() -> trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0)))
                    .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("could not be made durable");
            assertThatThrownBy(() -> trail.intend(Fixtures.getCallerIdentity(Fixtures.ALICE, T0)))
                    .isInstanceOf(AuditUnavailableException.class);
            storage.failing = false;
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            assertThat(trail.lookupAll(LookupQuery.all()).events()).hasSize(1);
            assertThat(AuditVerifier.verify(storage).ok()).isTrue();
        }
    }

    @Test
    void close_commitsWhatIsQueued_thenRefuses() {
        Storage storage = Fixtures.sealedInMemory();
        AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults());
        trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
        trail.close();
        assertThatThrownBy(() -> trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0)))
                .isInstanceOf(AuditUnavailableException.class);
        try (AuditTrail again = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            assertThat(again.lookupAll(LookupQuery.all()).events()).hasSize(1);
        }
        storage.close();
    }

    @Test
    void intentWithoutFinalEvent_showsAsInterrupted() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory()) {
            ApiCall create = Fixtures.call(Fixtures.ALICE, "kms", "CreateKey", T0, "us-east-1", List.of());
            ApiCall completed = Fixtures.call(Fixtures.ALICE, "kms", "ScheduleKeyDeletion", T0, "us-east-1", List.of(KEY_ARN));
            try (AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
                trail.intend(create);
                trail.intend(completed);
                trail.record(completed);
            } // "crash": the CreateKey intent never gets its final event
            VerificationResult before = AuditVerifier.verify(storage);
            assertThat(before.ok()).isTrue();
            assertThat(before.interrupted()).hasSize(1);
            try (AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
                List<StoredEvent> events = trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("EventName", "CreateKey")).events();
                assertThat(events).hasSize(1);
                JsonNode record = Fixtures.JSON.readTree(events.getFirst().cloudTrailEvent());
                assertThat(record.path("errorCode").asText()).isEqualTo("Interrupted");
                assertThat(record.path("errorMessage").asText()).contains("server stopped before the call completed");
                assertThat(record.path("requestID").asText()).isEqualTo(create.requestId());
                assertThat(trail.lookupAll(LookupQuery.by("EventName", "ScheduleKeyDeletion")).events()).hasSize(1);
            }
            VerificationResult after = AuditVerifier.verify(storage);
            assertThat(after.ok()).isTrue();
            assertThat(after.interrupted()).isEmpty();
        }
    }

    @Test
    void sharedStorage_recoversOnlyIntentsOlderThanTheGrace() {
        try (Storage storage = Fixtures.sealedInMemory();
             AuditTrail node = AuditTrail.open(storage, clock, AuditSettings.defaults().shared(Duration.ofMinutes(15)))) {
            try (AuditTrail crashed = AuditTrail.open(storage, clock, AuditSettings.defaults().shared(Duration.ofMinutes(15)))) {
                crashed.intend(Fixtures.call(Fixtures.ALICE, "kms", "CreateKey", T0, "us-east-1", List.of()));
            }
            assertThat(node.recoverInterrupted(Duration.ofMinutes(15))).isZero();
            clock.advance(Duration.ofMinutes(16));
            assertThat(node.recoverInterrupted(Duration.ofMinutes(15))).isEqualTo(1);
            assertThat(node.recoverInterrupted(Duration.ofMinutes(15))).isZero();
        }
    }

    @Test
    void paging_returnsEveryEventOnce_newestFirst_withTamperSafeTokens() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            for (int i = 0; i < 120; i++) {
                trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0.plusSeconds(i / 7)));
            }
            List<StoredEvent> all = new ArrayList<>();
            LookupQuery q = LookupQuery.by("Username", "alice").withMaxResults(50);
            String token = null;
            int pages = 0;
            do {
                LookupPage page = trail.lookup(Fixtures.ACCOUNT, "us-east-1", q.withNextToken(token));
                all.addAll(page.events());
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(3);
            assertThat(all).hasSize(120);
            assertThat(all.stream().map(StoredEvent::sequence).distinct()).hasSize(120);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).eventTime()).isBeforeOrEqualTo(all.get(i - 1).eventTime());
                assertThat(all.get(i).sequence()).isLessThan(all.get(i - 1).sequence());
            }
            String first = trail.lookup(Fixtures.ACCOUNT, "us-east-1", q).nextToken();
            char[] chars = first.toCharArray();
            chars[5] = chars[5] == 'A' ? 'B' : 'A';
            assertThatThrownBy(() -> trail.lookup(Fixtures.ACCOUNT, "us-east-1", q.withNextToken(new String(chars))))
                    .isInstanceOf(ServiceException.class).hasMessageContaining("NextToken")
                    .extracting(e -> ((ServiceException) e).errorCode().code()).isEqualTo("InvalidNextTokenException");
            assertThatThrownBy(() -> trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("Username", "bob").withNextToken(first)))
                    .isInstanceOf(ServiceException.class);
            assertThatThrownBy(() -> trail.lookup(Fixtures.OTHER_ACCOUNT, "us-east-1", q.withNextToken(first)))
                    .isInstanceOf(ServiceException.class);
        }
    }

    @Test
    void timeRange_isInclusive_andValidated() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            for (int i = 0; i < 10; i++) {
                trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0.plusSeconds(i * 60)));
            }
            LookupQuery q = LookupQuery.all().withTimeRange(T0.plusSeconds(120), T0.plusSeconds(300));
            assertThat(trail.lookup(Fixtures.ACCOUNT, "us-east-1", q).events()).extracting(StoredEvent::eventTime)
                    .containsExactly(T0.plusSeconds(300), T0.plusSeconds(240), T0.plusSeconds(180), T0.plusSeconds(120));
            assertThatThrownBy(() -> LookupQuery.all().withTimeRange(T0.plusSeconds(1), T0))
                    .extracting(e -> ((ServiceException) e).errorCode().code()).isEqualTo("InvalidTimeRangeException");
            assertThatThrownBy(() -> LookupQuery.all().withMaxResults(51))
                    .extracting(e -> ((ServiceException) e).errorCode().code()).isEqualTo("InvalidMaxResultsException");
            assertThatThrownBy(() -> LookupQuery.by("Colour", "red"))
                    .extracting(e -> ((ServiceException) e).errorCode().code()).isEqualTo("InvalidLookupAttributesException");
        }
    }

    @Test
    void exportDue_writesGzipCloudTrailFiles_whoseHashJoinsTheChain() throws Exception {
        AuditSettings settings = AuditSettings.defaults().withExport(exportDir, Duration.ofMinutes(5));
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, settings)) {
            for (int i = 0; i < 5; i++) {
                trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            }
            List<Path> files = trail.exportDue(T0.plusSeconds(10));
            assertThat(files).hasSize(1);
            JsonNode doc;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(files.getFirst()))) {
                doc = Fixtures.JSON.readTree(in);
            }
            assertThat(doc.path("Records")).hasSize(5);
            assertThat(trail.exportDue(T0.plusSeconds(20))).as("not due again within the interval").isEmpty();
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            assertThat(trail.exportDue(T0.plus(Duration.ofMinutes(5)))).hasSize(1);
            String sha = AuditExporter.sha256(files.getFirst());
            ScanPage log = storage.scan(AuditKeys.LOG, null, 100);
            assertThat(log.entries()).anySatisfy(e -> assertThat(ChainRecords.decodeChunk(e.value()))
                    .anySatisfy(r -> assertThat(new String(r.body())).contains(sha)));
            assertThat(AuditVerifier.verify(storage).ok()).isTrue();
        }
    }

    @Test
    void retention_removesOldBlocks_andTheRestStillVerifies() {
        try (Storage storage = Fixtures.sealedInMemory();
             AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults().withRetentionDays(30))) {
            for (int i = 0; i < 3; i++) {
                trail.record(Fixtures.call(Fixtures.ALICE, "kms", "Decrypt", clock.instant(), "us-east-1", List.of(KEY_ARN)));
            }
            String oldId = trail.lookupAll(LookupQuery.all()).events().getFirst().eventId();
            clock.advance(Duration.ofDays(31));
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, clock.instant()));
            assertThat(trail.applyRetention(clock.instant())).isEqualTo(3);
            assertThat(trail.applyRetention(clock.instant())).isZero();
            assertThat(trail.lookupAll(LookupQuery.all()).events()).extracting(StoredEvent::eventName).containsExactly("GetCallerIdentity");
            assertThat(trail.lookupAll(LookupQuery.by("EventId", oldId)).events()).isEmpty();
            assertThat(storage.scan(Fixtures.ACCOUNT + "/us-east-1/cloudtrail/idx/ResourceName/", null, 10).entries()).isEmpty();
            VerificationResult result = AuditVerifier.verify(storage);
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.firstSeq()).isEqualTo(4);
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, clock.instant()));
            assertThat(AuditVerifier.verify(storage, null, trail.publicKeyPem()).ok()).isTrue();
        }
    }

    @Test
    void paging_acrossSignedBlocksAndTheOpenBlock_returnsEveryEventOnce_newestFirst() {
        Storage storage = Fixtures.sealedInMemory();
        AuditSettings settings = AuditSettings.defaults().withBlocks(3, Duration.ofHours(1));
        try (storage; AuditTrail trail = AuditTrail.open(storage, clock, settings)) {
            // 20 group commits of one event, two per second: blocks of three commits, the last two still open.
            for (int i = 0; i < 20; i++) {
                trail.record(Fixtures.getCallerIdentity(i % 3 == 0 ? Fixtures.ROOT : Fixtures.ALICE, T0.plusSeconds(i / 2)));
            }
            assertThat(storage.scan(AuditKeys.TAIL, null, 100).entries()).hasSize(2);
            for (LookupQuery q : List.of(LookupQuery.all(), LookupQuery.by("Username", "alice"), LookupQuery.by("EventName", "GetCallerIdentity"))) {
                List<Long> seqs = new ArrayList<>();
                String token = null;
                int pages = 0;
                do {
                    LookupPage page = trail.lookup(Fixtures.ACCOUNT, "us-east-1", q.withMaxResults(3).withNextToken(token));
                    page.events().forEach(e -> seqs.add(e.sequence()));
                    token = page.nextToken();
                    if (pages++ == 2) {
                        trail.close(); // signs the open block and merges its rows between two pages of the same lookup
                    }
                } while (token != null);
                List<Long> expected = new ArrayList<>();
                for (long s = 20; s >= 1; s--) {
                    if (q.attributeKey() == null || !"alice".equals(q.attributeValue()) || (s - 1) % 3 != 0) {
                        expected.add(s);
                    }
                }
                assertThat(seqs).as(String.valueOf(q.attributeValue())).containsExactlyElementsOf(expected);
            }
            assertThat(storage.scan(AuditKeys.TAIL, null, 100).entries()).isEmpty();
            assertThat(storage.scan(AuditKeys.DIGEST, null, 100).entries()).hasSize(7);
            assertThat(AuditVerifier.verify(storage).ok()).isTrue();
        }
    }

    @Test
    void anIdleWriter_signsTheOpenBlock_onceItIsOlderThanTheInterval() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory();
             AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults().withBlocks(64, Duration.ofMillis(50)))) {
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            clock.advance(Duration.ofSeconds(1)); // by the trail's clock the block is old; the writer notices when idle
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (storage.scan(AuditKeys.DIGEST, null, 10).entries().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(storage.scan(AuditKeys.DIGEST, null, 10).entries()).hasSize(1);
            assertThat(storage.scan(AuditKeys.TAIL, null, 10).entries()).isEmpty();
            assertThat(trail.lookupAll(LookupQuery.by("Username", "alice")).events()).hasSize(1);
        }
    }

    @Test
    void anOpenBlockLeftByACrash_verifies_andIsCheckedAgainstTheHead() {
        Storage storage = Fixtures.sealedInMemory();
        AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults());
        for (int i = 0; i < 5; i++) {
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
        }
        // No close: the block is open as after kill -9 (nothing signed yet), and still verifies against the head.
        assertThat(storage.scan(AuditKeys.DIGEST, null, 10).entries()).isEmpty();
        VerificationResult clean = AuditVerifier.verify(storage);
        assertThat(clean.ok()).as(clean.summary()).isTrue();
        assertThat(clean.recordsChecked()).isEqualTo(5);
        assertThat(trail.lookupAll(LookupQuery.by("Username", "alice")).events()).hasSize(5);
        // Rewriting the last record and its hash with the root key breaks the link to the head.
        List<ChainRecords.LogRecord> chunk = new ArrayList<>(ChainRecords.decodeChunk(storage.get(AuditKeys.log(5)).orElseThrow()));
        ChainRecords.LogRecord r = chunk.getLast();
        chunk.set(chunk.size() - 1, new ChainRecords.LogRecord(r.kind(), r.seq(), new byte[32], r.body()));
        storage.put(AuditKeys.log(5), ChainRecords.encodeChunk(chunk));
        VerificationResult tampered = AuditVerifier.verify(storage);
        assertThat(tampered.ok()).isFalse();
        assertThat(tampered.first().kind()).isEqualTo(VerificationResult.Kind.MODIFIED);
        assertThat(tampered.first().sequence()).isEqualTo(5);
        trail.close();
        storage.close();
    }

    @Test
    void eventIds_areUnique() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            for (int i = 0; i < 50; i++) {
                trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            }
            Set<String> ids = new HashSet<>();
            trail.lookupAll(LookupQuery.all()).events().forEach(e -> ids.add(e.eventId()));
            assertThat(ids).hasSize(50);
        }
    }

    /** Holds the next transaction until {@code gate} opens. */
    static final class GatedStorage extends FlakyStorage {
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);

        GatedStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public <T> T transaction(Function<Transaction, T> work) {
            CountDownLatch g = gate;
            if (g != null) {
                entered.countDown();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted");
                }
            }
            return super.transaction(work);
        }
    }

    /** Fails every transaction while {@code failing} is set. */
    static class FlakyStorage implements Storage {
        private final Storage delegate;
        volatile boolean failing;

        FlakyStorage(Storage delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            delegate.put(key, value);
        }

        @Override
        public boolean delete(String key) {
            return delegate.delete(key);
        }

        @Override
        public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
            return delegate.scan(prefix, startAfterOrNull, limit);
        }

        @Override
        public <T> T transaction(Function<Transaction, T> work) {
            if (failing) {
                throw new StorageException("disk full");
            }
            return delegate.transaction(work);
        }

        @Override
        public int maxValueBytes() {
            return delegate.maxValueBytes();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
