package io.citadel.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.storage.outbox.Outbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KMS's EventBridge events land in the outbox in the scheduler's transaction, in AWS's shapes. */
class KmsEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KmsHarness h = new KmsHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void automaticRotation_emitsKmsCmkRotation() throws Exception {
        KmsKey key = h.symmetricKey();
        h.kms.rotation().enableKeyRotation(h.a(), key.keyId(), 90);
        assertThat(events()).isEmpty();
        h.clock.advance(Duration.ofDays(90).plusSeconds(1));
        h.runDue();
        assertThat(events()).singleElement().satisfies(e -> assertShape(e, "KMS CMK Rotation", key));
    }

    @Test
    void completedDeletion_emitsKmsCmkDeletion_butScheduling_doesNot() throws Exception {
        KmsKey key = h.symmetricKey();
        h.kms.deletion().scheduleKeyDeletion(h.a(), key.keyId(), 7, false);
        h.runDue();
        assertThat(events()).isEmpty();
        h.clock.advance(Duration.ofDays(7).plusSeconds(1));
        h.runDue();
        assertThat(events()).singleElement().satisfies(e -> assertShape(e, "KMS CMK Deletion", key));
    }

    private void assertShape(JsonNode e, String detailType, KmsKey key) {
        assertThat(e.path("version").asText()).isEqualTo("0");
        assertThat(e.path("detail-type").asText()).isEqualTo(detailType);
        assertThat(e.path("source").asText()).isEqualTo("aws.kms");
        assertThat(e.path("account").asText()).isEqualTo(key.accountId());
        assertThat(e.path("region").asText()).isEqualTo(key.region());
        assertThat(e.path("time").asText()).isEqualTo(h.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        assertThat(e.path("resources").get(0).asText()).isEqualTo(key.arn());
        assertThat(e.path("detail").path("key-id").asText()).isEqualTo(key.keyId());
        assertThat(e.path("id").asText()).isNotEmpty();
    }

    private List<JsonNode> events() {
        return h.storage.transaction(Outbox::all).stream().map(m -> {
            try {
                return JSON.readTree(m.eventJson());
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }
}
