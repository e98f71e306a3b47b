package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactEventTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String EVENT_ID = "3f1c2b4a-1d2e-4f60-8a7b-9c0d1e2f3a4b";

    @Test
    void storedBody_isSmallerThanTheRecord_andRendersEveryCloudTrailMember() throws Exception {
        CloudTrailRecord.Built built = CloudTrailRecord.build(Fixtures.call(Fixtures.ALICE, "kms", "Decrypt", T0, "us-east-1",
                List.of("arn:aws:kms:us-east-1:111122223333:key/1234abcd")), Redactor.standard());
        byte[] json = CompactEvent.decode(built.body()).cloudTrailJson(EVENT_ID);
        assertThat(built.body().length).isLessThan(json.length * 2 / 3);
        JsonNode n = Fixtures.JSON.readTree(json);
        assertThat(n.path("eventVersion").asText()).isEqualTo("1.08");
        assertThat(n.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
        assertThat(n.path("userIdentity").path("userName").asText()).isEqualTo("alice");
        assertThat(n.path("eventTime").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(n.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
        assertThat(n.path("requestParameters").path("KeyId").asText()).isEqualTo("alias/x");
        assertThat(n.path("responseElements").path("KeyId").asText()).isEqualTo("k");
        assertThat(n.path("eventID").asText()).isEqualTo(EVENT_ID);
        assertThat(n.path("resources").get(0).path("type").asText()).isEqualTo("AWS::KMS::Key");
        assertThat(n.path("recipientAccountId").asText()).isEqualTo(Fixtures.ACCOUNT);
    }

    @Test
    void aRecordStoredBeforeFormat2_readsToTheSameEvent() {
        for (var p : java.util.Arrays.asList(Fixtures.ALICE, Fixtures.ROOT, null)) {
            CompactEvent event = CompactEvent.decode(CloudTrailRecord.build(Fixtures.getCallerIdentity(p, T0), Redactor.standard()).body());
            byte[] legacy = event.cloudTrailJson(EVENT_ID);
            assertThat(CompactEvent.fromLegacyJson(legacy).cloudTrailJson(EVENT_ID)).isEqualTo(legacy);
            StoredEvent old = AuditSearch.read(7, "ignored", legacy);
            StoredEvent now = AuditSearch.read(7, EVENT_ID, event.encode());
            assertThat(old).usingRecursiveComparison().isEqualTo(now);
        }
    }

    @Test
    void intent_hasNoOutcome_untilInterrupted() throws Exception {
        CompactEvent intent = CompactEvent.decode(CloudTrailRecord.buildIntent(
                Fixtures.call(Fixtures.ALICE, "iam", "CreateUser", T0, "us-east-1", List.of()), Redactor.standard()).body());
        JsonNode n = Fixtures.JSON.readTree(intent.cloudTrailJson(EVENT_ID));
        assertThat(n.has("responseElements")).isFalse();
        JsonNode done = Fixtures.JSON.readTree(intent.interrupted().cloudTrailJson(EVENT_ID));
        assertThat(done.path("errorCode").asText()).isEqualTo(CloudTrailRecord.INTERRUPTED);
        assertThat(done.path("responseElements").isNull()).isTrue();
    }

    @Test
    void truncatedBody_isRejected() {
        byte[] body = CloudTrailRecord.build(Fixtures.getCallerIdentity(Fixtures.ALICE, T0), Redactor.standard()).body();
        assertThatThrownBy(() -> CompactEvent.decode(java.util.Arrays.copyOf(body, body.length - 3)))
                .isInstanceOf(RuntimeException.class);
        assertThat(CompactEvent.is("{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
