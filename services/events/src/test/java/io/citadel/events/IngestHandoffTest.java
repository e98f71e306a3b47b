package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PutEvents hands its parsed envelopes to this node's routing (design decision 38); the stored entry stays the truth. */
class IngestHandoffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERN = "{\"source\":[\"my.app\"]}";

    @TempDir
    Path logDir;

    @Test
    void handoff_keepsAtMostItsCapacity_droppingTheOldest() throws Exception {
        IngestHandoff handoff = new IngestHandoff(2);
        for (String key : List.of("k1", "k2", "k3")) {
            handoff.offer(key, parsed("{\"version\":\"0\",\"id\":\"" + key + "\"}"));
        }
        assertThat(handoff.size()).isEqualTo(2);
        assertThat(handoff.take("k1")).isNull();
        assertThat(handoff.take("k3").entry().eventJsons()).containsExactly("{\"version\":\"0\",\"id\":\"k3\"}");
        assertThat(handoff.take("k3")).as("taken once").isNull();
        assertThat(handoff.size()).isEqualTo(1);
    }

    @Test
    void parsed_withAsManyTreesAsEnvelopes_only() throws Exception {
        IngestEntry two = IngestEntry.batch("123456789012", "us-east-1", "default", List.of("{\"a\":1}", "{\"a\":2}"));
        assertThatThrownBy(() -> new IngestHandoff.Parsed(two, List.of(JSON.readTree("{\"a\":1}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 parsed events for 2 envelopes");
    }

    @Test
    void randomUuids_areVersion4_variant2_andDistinct() {
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 200; round++) {
            for (String id : EventIngest.randomUuids(11)) {
                assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
                java.util.UUID u = java.util.UUID.fromString(id);
                assertThat(u.version()).isEqualTo(4);
                assertThat(u.variant()).isEqualTo(2);
                assertThat(seen.add(id)).as("distinct: %s", id).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"order\":42,\"items\":[1,2.5,-0,1e300]}", "{\"big\":123456789012345678901234567890}",
            "{\"n\":1e400}", "{\"deep\":{\"x\":[{\"y\":-1e999}]}}", "{\"tiny\":1e-400,\"s\":\"Infinity\"}", "{\"f\":0.1000000000000000055}"})
    void reparsesTheSame_saysExactlyWhetherParsingTheTextGivesTheTreeBack(String detail) throws Exception {
        JsonNode tree = JSON.readTree(detail);
        boolean same = JSON.readTree(JSON.writeValueAsString(tree)).equals(tree);
        assertThat(EventIngest.reparsesTheSame(tree)).isEqualTo(same);
    }

    @Test
    void putEvents_handsItsParsedEnvelopesToRouting_whichTakesThem_andDeliversWhatAnotherNodeWould() throws Exception {
        try (EventsHarness h = new EventsHarness(logDir)) {
            h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
            String logArn = "arn:aws:events:us-east-1:" + h.accountA + ":log/handoff";
            h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("log", logArn)));
            Events other = new Events(h.storage, h.clock, h.access, "node-2", EventsHarness.settings(logDir));
            List<EventIngest.Entry> ten = IntStream.range(0, 10).mapToObj(i -> new EventIngest.Entry(null, "my.app", List.of("arn:x:" + i),
                    "Tick", "{ \"i\" : " + i + ", \"f\": 2.50, \"s\": \"\\u00e9\" }", null)).toList();

            List<String> ids = h.events.ingest().putEvents(h.a(), ten).stream().map(EventIngest.Result::eventId).toList();
            assertThat(h.events.handoff().size()).isEqualTo(1);
            h.run(); // node-1 routes from the hand-off
            assertThat(h.events.handoff().size()).isZero();
            List<String> ids2 = h.events.ingest().putEvents(h.a(), ten).stream().map(EventIngest.Result::eventId).toList();
            other.delivery().runUntilIdle(5); // node-2 has no hand-off: it reads and parses the stored entry
            h.run();
            assertThat(h.events.handoff().size()).as("node-1's scan no longer finds the entry node-2 routed").isOne();

            List<String> lines = Files.readAllLines(logDir.resolve(h.accountA).resolve("us-east-1").resolve("handoff.jsonl"));
            assertThat(lines).hasSize(20);
            for (int i = 0; i < 10; i++) {
                assertThat(lines.get(i)).contains(ids.get(i));
                assertThat(lines.get(10 + i)).contains(ids2.get(i));
                assertThat(lines.get(i).replace(ids.get(i), "ID")).isEqualTo(lines.get(10 + i).replace(ids2.get(i), "ID"));
            }
        }
    }

    @Test
    void anEventWhoseTextDoesNotParseBackTheSame_isRoutedFromItsStoredText() throws Exception {
        try (EventsHarness h = new EventsHarness(logDir)) {
            h.events.rules().put(h.a(), "r1", null, "{\"detail\":{\"n\":[\"Infinity\"]}}", null, null, null, null, null);
            String logArn = "arn:aws:events:us-east-1:" + h.accountA + ":log/inf";
            h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("log", logArn)));
            assertThat(h.put("my.app", "Tick", "{\"n\":1e400}").getFirst().eventId()).isNotNull();
            assertThat(h.events.handoff().size()).isZero();
            h.run();
            // the stored text says "Infinity" (a string), and the rule matches that text, as it did before hand-offs
            List<String> lines = Files.readAllLines(logDir.resolve(h.accountA).resolve("us-east-1").resolve("inf.jsonl"));
            assertThat(lines).singleElement().satisfies(l -> assertThat(JSON.readTree(l).path("detail").path("n").asText())
                    .isEqualTo("Infinity"));
        }
    }

    private static IngestHandoff.Parsed parsed(String event) throws Exception {
        return new IngestHandoff.Parsed(IngestEntry.batch("123456789012", "us-east-1", "default", List.of(event)),
                List.of(JSON.readTree(event)));
    }
}
