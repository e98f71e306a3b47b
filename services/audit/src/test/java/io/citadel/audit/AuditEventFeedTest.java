package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.storage.Storage;
import io.citadel.storage.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventFeedTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);

    private static List<JsonNode> outbox(Storage storage) {
        return storage.transaction(Outbox::all).stream().map(m -> Fixtures.json(m.eventJson())).map(JsonNode.class::cast).toList();
    }

    @Test
    void writeCalls_becomeApiCallEvents_once_readsUnauthenticatedAndHistoryDoNot() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            trail.record(Fixtures.call(Fixtures.ALICE, "kms", "ScheduleKeyDeletion", T0, "us-east-1", List.of()));
            assertThat(trail.publishApiCallEvents(1000)).as("history before the first run").isZero();

            trail.record(Fixtures.call(Fixtures.ALICE, "kms", "CreateKey", T0.plusSeconds(5), "us-east-1", List.of()));
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0.plusSeconds(6)));
            trail.record(Fixtures.call(null, "kms", "CreateKey", T0.plusSeconds(7), "us-east-1", List.of()));
            trail.record(Fixtures.call(Fixtures.BOB, "events", "PutEvents", T0.plusSeconds(8), "us-east-1", List.of()));
            trail.record(Fixtures.call(Fixtures.BOB, "ssm", "PutParameter", T0.plusSeconds(9), "eu-west-1", List.of()));

            assertThat(trail.publishApiCallEvents(1000)).isEqualTo(2);
            List<JsonNode> events = outbox(storage);
            assertThat(events).extracting(e -> e.path("source").asText() + " " + e.path("detail").path("eventName").asText()
                            + " " + e.path("account").asText() + " " + e.path("region").asText())
                    .containsExactly("aws.kms CreateKey " + Fixtures.ACCOUNT + " us-east-1",
                            "aws.ssm PutParameter " + Fixtures.OTHER_ACCOUNT + " eu-west-1");
            JsonNode first = events.getFirst();
            assertThat(first.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
            assertThat(first.path("time").asText()).isEqualTo("2025-03-01T10:00:05Z");
            assertThat(first.path("detail").path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(first.path("detail").path("userIdentity").path("userName").asText()).isEqualTo("alice");
            assertThat(first.path("detail").path("eventID").asText()).isNotBlank();

            assertThat(trail.publishApiCallEvents(1000)).as("nothing new").isZero();
            assertThat(outbox(storage)).hasSize(2);
        }
    }

    @Test
    void serviceEvents_areRecordedAsAwsServiceEvents_foundByLookup_andNotPublishedAsApiCalls() throws Exception {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            trail.publishApiCallEvents(10);
            String arn = "arn:aws:secretsmanager:us-east-1:" + Fixtures.ACCOUNT + ":secret:db-AbCdEf";
            trail.record(new io.citadel.core.audit.ServiceEvent(T0, "secretsmanager", "RotationFailed", Fixtures.ACCOUNT, "us-east-1",
                    List.of(arn), "testSecret: the database refused the new password", "{\"SecretId\":\"" + arn + "\"}"));
            List<StoredEvent> found = trail.lookup(Fixtures.ACCOUNT, "us-east-1", LookupQuery.by("EventName", "RotationFailed")).events();
            assertThat(found).singleElement().satisfies(e -> {
                assertThat(e.eventSource()).isEqualTo("secretsmanager.amazonaws.com");
                assertThat(e.resourceArns()).containsExactly(arn);
                assertThat(e.username()).isNull();
            });
            JsonNode record = Fixtures.json(found.getFirst().cloudTrailEvent());
            assertThat(record.path("eventType").asText()).isEqualTo("AwsServiceEvent");
            assertThat(record.path("userIdentity").path("invokedBy").asText()).isEqualTo("secretsmanager.amazonaws.com");
            assertThat(record.path("userIdentity").path("accountId").asText()).isEqualTo(Fixtures.ACCOUNT);
            assertThat(record.path("additionalEventData").path("SecretId").asText()).isEqualTo(arn);
            assertThat(record.path("errorMessage").asText()).startsWith("testSecret:");
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(Fixtures.ACCOUNT);
            assertThat(record.has("requestParameters")).isTrue();
            assertThat(trail.publishApiCallEvents(10)).isZero();
            trail.close();
            assertThat(AuditVerifier.verify(storage).ok()).isTrue();
        }
    }

    @Test
    void aSmallBudget_publishesInSteps_withoutLosingOrRepeating() {
        try (Storage storage = Fixtures.sealedInMemory(); AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            trail.publishApiCallEvents(10);
            for (int i = 0; i < 7; i++) {
                trail.record(Fixtures.call(Fixtures.ALICE, "kms", "TagResource", T0.plusSeconds(i), "us-east-1", List.of()));
            }
            int published = 0;
            for (int run = 0; run < 5; run++) {
                published += trail.publishApiCallEvents(3);
            }
            assertThat(published).isEqualTo(7);
            assertThat(outbox(storage)).extracting(e -> e.path("time").asText())
                    .containsExactly("2025-03-01T10:00:00Z", "2025-03-01T10:00:01Z", "2025-03-01T10:00:02Z", "2025-03-01T10:00:03Z",
                            "2025-03-01T10:00:04Z", "2025-03-01T10:00:05Z", "2025-03-01T10:00:06Z");
        }
    }
}
