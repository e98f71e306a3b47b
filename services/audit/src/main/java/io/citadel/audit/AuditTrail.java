package io.citadel.audit;

import io.citadel.audit.ChainRecords.Kind;
import io.citadel.audit.ChainRecords.LogRecord;
import io.citadel.core.audit.ApiCall;
import io.citadel.core.audit.AuditRecorder;
import io.citadel.core.audit.ServiceEvent;
import io.citadel.core.audit.ServiceEventRecorder;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit trail: every API call recorded durably (group-committed), hash-chained with signed block
 * digests, searchable through LookupEvents indexes, exported as CloudTrail files and pruned by
 * retention. Implements {@link AuditRecorder}: {@link #intend} and {@link #record} return only when
 * the record is durable and throw {@link io.citadel.core.audit.AuditUnavailableException} when it
 * cannot be (fail-closed).
 */
public final class AuditTrail implements AuditRecorder, ServiceEventRecorder, AutoCloseable {

    private final Storage storage;
    private final InstantSource clock;
    private final AuditSettings settings;
    private final Redactor redactor;
    private final SigningKeys keys;
    private final ChainWriter writer;
    private final AuditSearch search;
    private final Set<String> openIntents = ConcurrentHashMap.newKeySet();

    private AuditTrail(Storage storage, InstantSource clock, AuditSettings settings, SigningKeys keys) {
        this.storage = storage;
        this.clock = clock;
        this.settings = settings;
        this.redactor = Redactor.standard();
        this.keys = keys;
        this.writer = new ChainWriter(storage, keys, clock, settings.queueCapacity(), settings.maxBatch(),
                settings.blockBatches(), settings.blockInterval().toMillis());
        this.search = new AuditSearch(storage, keys);
    }

    /**
     * Opens the trail on {@code sealed} (the barrier; the trail does not own or close it), creating
     * the signing key on first use and, when {@link AuditSettings#recoverIntentsOnOpen()}, recording
     * every intent a previous run left without its final event as Interrupted.
     */
    public static AuditTrail open(Storage sealed, InstantSource clock, AuditSettings settings) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        AuditTrail trail = new AuditTrail(sealed, clock, settings, SigningKeys.loadOrCreate(sealed));
        if (settings.recoverIntentsOnOpen()) {
            try {
                trail.recoverInterrupted(Duration.ZERO);
            } catch (RuntimeException e) {
                trail.close();
                throw e;
            }
        }
        return trail;
    }

    @Override
    public void intend(ApiCall call) {
        CloudTrailRecord.Built built = CloudTrailRecord.buildIntent(call, redactor);
        writer.append(new ChainWriter.Item(Kind.INTENT, built.body(), null, call.requestId(), null, null));
        openIntents.add(call.requestId());
    }

    @Override
    public void record(ApiCall call) {
        boolean intended = openIntents.remove(call.requestId());
        CloudTrailRecord.Built built = CloudTrailRecord.build(call, redactor);
        writer.append(new ChainWriter.Item(Kind.EVENT, built.body(), built.facts(), null,
                intended ? call.requestId() : null, null));
    }

    /** Records a service event (CloudTrail's AwsServiceEvent, e.g. RotationFailed); returns once it is durable. */
    @Override
    public void record(ServiceEvent event) {
        CloudTrailRecord.Built built = CloudTrailRecord.buildServiceEvent(event);
        writer.append(new ChainWriter.Item(Kind.EVENT, built.body(), built.facts(), null, null, null));
    }

    /** LookupEvents for one account in one region: what a principal of that account sees when it calls there. */
    public LookupPage lookup(String accountId, String region, LookupQuery query) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        return search.lookup(accountId, region, query);
    }

    /** LookupEvents across every account and region, including calls whose authentication failed (operator view). */
    public LookupPage lookupAll(LookupQuery query) {
        return search.lookupAll(query);
    }

    /** The public key that verifies block digests and anchors, as PEM; pin it outside the database. */
    public String publicKeyPem() {
        return keys.publicKeyPem();
    }

    /**
     * Records every pending intent older than {@code olderThan} (by the injected clock) as an event
     * with errorCode {@value CloudTrailRecord#INTERRUPTED}; returns how many. Schedule it on shared
     * storage with {@link AuditSettings#interruptedAfter()}.
     */
    public int recoverInterrupted(Duration olderThan) {
        Instant cutoff = clock.instant().minus(olderThan);
        int recovered = 0;
        String after = null;
        while (true) {
            ScanPage page = storage.scan(AuditKeys.PENDING, after, 100);
            for (Entry e : page.entries()) {
                String requestId = e.key().substring(AuditKeys.PENDING.length());
                if (openIntents.contains(requestId)) {
                    continue;
                }
                java.nio.ByteBuffer position = java.nio.ByteBuffer.wrap(e.value());
                long chunkFirst = position.getLong();
                long seq = position.getLong();
                Optional<LogRecord> intent = storage.get(AuditKeys.log(chunkFirst)).map(ChainRecords::decodeChunk)
                        .flatMap(chunk -> chunk.stream().filter(r -> r.seq() == seq).findFirst());
                if (intent.isEmpty()) {
                    storage.delete(e.key());
                    continue;
                }
                byte[] intentBody = intent.get().body();
                CompactEvent event = CompactEvent.is(intentBody) ? CompactEvent.decode(intentBody)
                        : CompactEvent.fromLegacyJson(intentBody); // an intent written before body format 2
                if (Instant.ofEpochSecond(event.eventSecond()).isAfter(cutoff)) {
                    continue;
                }
                CompactEvent interrupted = event.interrupted();
                writer.append(new ChainWriter.Item(Kind.EVENT, interrupted.encode(), interrupted.facts(), null,
                        event.requestId(), null));
                recovered++;
            }
            if (!page.hasMore()) {
                return recovered;
            }
            after = page.lastKey().orElseThrow();
        }
    }

    /** Writes the CloudTrail export files that are due at {@code now}; returns the files written. */
    public List<Path> exportDue(Instant now) {
        if (settings.exportDirectory() == null) {
            return List.of();
        }
        return new AuditExporter(storage, writer, keys, settings.exportDirectory(), settings.exportInterval()).exportDue(now);
    }

    /** Removes events older than {@link AuditSettings#retentionDays()} (0: nothing); returns how many records went. */
    public long applyRetention(Instant now) {
        if (settings.retentionDays() == 0) {
            return 0;
        }
        return new AuditRetention(storage, keys).removeBefore(now.minus(Duration.ofDays(settings.retentionDays())));
    }

    /**
     * Publishes "AWS API Call via CloudTrail" events for the write calls recorded since the last run
     * (at most {@code maxRecords} records looked at) to the storage outbox; returns how many.
     */
    public int publishApiCallEvents(int maxRecords) {
        return new AuditEventFeed(storage, keys).publish(maxRecords);
    }

    /** Records waiting for the writer (for metrics and tests). */
    public int queued() {
        return writer.queued();
    }

    /** Group commits so far (for metrics and benchmarks). */
    public long batches() {
        return writer.batches();
    }

    /** Stops accepting records, commits what is queued, and stops the writer. Does not close the storage. */
    @Override
    public void close() {
        writer.close();
    }

    static List<String> lines(byte[] manifest) {
        List<String> out = new ArrayList<>();
        for (String s : new String(manifest, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
