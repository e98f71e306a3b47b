package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ACCEPTED = Instant.parse("2026-03-01T00:00:00.123456Z");
    private static final Instant UNTIL = Instant.parse("2026-03-01T00:02:00.123Z");
    private static final TargetSpec LOG = new TargetSpec("log", "arn:aws:events:us-east-1:123456789012:log/l", null, null, "$.detail",
            null, null, 3, 60, null, Map.of("h", "v"), List.of("p"), null);
    private static final TargetSpec HOOK = EventsHarness.target("hook", "arn:aws:events:us-east-1:123456789012:api-destination/d/x");

    @Test
    void storedForm_readsBackTheSameDeliveries_groupedByTarget() throws Exception {
        // envelopes as they are stored: compact JSON written by Jackson
        String first = JSON.writeValueAsString(JSON.readTree("{\"id\":\"e-1\",\"detail\":{\"s\":\"\\u00e9\\\"\\n\\u0001\",\"n\":1.5}}"));
        String second = JSON.writeValueAsString(JSON.readTree("{\"id\":\"e-2\",\"detail\":{\"emoji\":\"\uD83D\uDE00\",\"big\":1e300}}"));
        List<DeliveryRecord> members = List.of(member("e-1", LOG, first), member("e-1", HOOK, first), member("e-2", LOG, second));
        DeliveryBatch batch = DeliveryBatch.of("batch/b-1", members);
        assertThat(batch.groups()).hasSize(2);
        assertThat(batch.groups().getFirst().eventIds()).containsExactly("e-1", "e-2");

        DeliveryBatch read = DeliveryBatch.fromJson(batch.toJson());
        assertThat(read).isEqualTo(batch);
        assertThat(read.deliveries()).containsExactlyInAnyOrderElementsOf(members);
        assertThat(read.dueKey()).isEqualTo(EventsKeys.DUE + EventsKeys.millis(UNTIL) + "/batch/b-1");
        assertThat(read.key()).isEqualTo(EventsKeys.BATCHES + "b-1");
    }

    @Test
    void anEnvelopeNotWrittenByJackson_readsBackAsTheSameJson() throws Exception {
        String spaced = "{ \"id\" : \"e-1\", \"detail\" : { \"s\" : \"\\u00e9\" } }";
        DeliveryBatch read = DeliveryBatch.fromJson(DeliveryBatch.of("batch/b-4", List.of(member("e-1", LOG, spaced))).toJson());
        assertThat(JSON.readTree(read.deliveries().getFirst().eventJson())).isEqualTo(JSON.readTree(spaced));
    }

    @Test
    void claimed_movesEveryMembersClaim() {
        DeliveryBatch batch = DeliveryBatch.of("batch/b-2", List.of(member("e-1", LOG, "{}")));
        DeliveryBatch taken = batch.claimed("node-2", UNTIL.plusSeconds(300));
        assertThat(taken.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.claimedBy()).isEqualTo("node-2");
            assertThat(d.nextAttemptAt()).isEqualTo(UNTIL.plusSeconds(300));
        });
        assertThat(taken.dueKey()).isNotEqualTo(batch.dueKey());
    }

    @Test
    void onlyFirstAttemptsOfOneClaim_formABatch() {
        DeliveryRecord retried = member("e-1", LOG, "{}").retryAt(UNTIL, 1, "HTTP 500");
        assertThatThrownBy(() -> DeliveryBatch.of("batch/b-3", List.of(retried))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryBatch.of("b-3", List.of(member("e-1", LOG, "{}"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DeliveryRecord member(String eventId, TargetSpec target, String json) {
        return new DeliveryRecord("123456789012/us-east-1/" + eventId + "/default/r1/" + target.id(), "123456789012", "us-east-1",
                "default", "r1", "arn:aws:events:us-east-1:123456789012:rule/r1", target, json, ACCEPTED, 0, UNTIL, "node-1", null);
    }
}
