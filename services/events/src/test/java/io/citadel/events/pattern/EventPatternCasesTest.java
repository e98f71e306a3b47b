package io.citadel.events.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of pattern cases in pattern-cases.json, taken from EventBridge's documentation and its
 * edge cases: every {pattern, event} pair is one test (match or noMatch), and every refused pattern
 * one test of its message.
 */
class EventPatternCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode cases() throws IOException {
        try (InputStream in = EventPatternCasesTest.class.getResourceAsStream("pattern-cases.json")) {
            return JSON.readTree(in);
        }
    }

    private static String patternText(JsonNode c) throws IOException {
        return c.has("patternText") ? c.get("patternText").textValue() : JSON.writeValueAsString(c.get("pattern"));
    }

    @TestFactory
    Stream<DynamicTest> patternCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            String name = c.get("name").textValue();
            String pattern = patternText(c);
            if (c.has("error") || c.has("message")) {
                tests.add(DynamicTest.dynamicTest(name + " -> refused", () -> {
                    var thrown = assertThatThrownBy(() -> EventPattern.parse(pattern))
                            .isInstanceOf(InvalidEventPatternException.class)
                            .hasMessageStartingWith("Event pattern is not valid. Reason: ");
                    if (c.has("error")) {
                        thrown.hasMessageContaining(c.get("error").textValue());
                    }
                    if (c.has("errorEnd")) {
                        thrown.hasMessageEndingWith(c.get("errorEnd").textValue());
                    }
                    if (c.has("message")) {
                        thrown.hasMessage(c.get("message").textValue());
                    }
                }));
                continue;
            }
            addEvents(tests, name, pattern, c.get("match"), true);
            addEvents(tests, name, pattern, c.get("noMatch"), false);
        }
        return tests.stream();
    }

    private static void addEvents(List<DynamicTest> tests, String name, String pattern, JsonNode events, boolean expected) {
        if (events == null) {
            return;
        }
        int i = 0;
        for (JsonNode event : events) {
            String label = name + (expected ? " -> matches #" : " -> does not match #") + (++i) + " " + event;
            tests.add(DynamicTest.dynamicTest(label, () -> {
                EventPattern compiled = EventPattern.parse(pattern);
                assertThat(compiled.matches(event)).as("matches(JsonNode)").isEqualTo(expected);
                assertThat(compiled.matches(JSON.writeValueAsString(event))).as("matches(String)").isEqualTo(expected);
            }));
        }
    }

    @Test
    void table_hasAtLeast150PatternEventPairs() throws IOException {
        int pairs = 0;
        for (JsonNode c : cases()) {
            pairs += c.path("match").size() + c.path("noMatch").size();
        }
        assertThat(pairs).isGreaterThanOrEqualTo(150);
    }
}
