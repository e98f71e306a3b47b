package io.citadel.events.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleMatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SOURCES = {"app.orders", "app.billing", "aws.ec2", "aws.ssm", "App.Orders"};
    private static final String[] TYPES = {"Order Placed", "Order Shipped", "Invoice Paid", "State Change"};
    private static final String[] STATES = {"running", "stopped", "pending", "initializing", "RUNNING"};

    private static RuleMatcher.Rule rule(String id, String pattern) throws InvalidEventPatternException {
        return new RuleMatcher.Rule(id, EventPattern.parse(pattern));
    }

    @Test
    void matching_answersTheMatchingRulesInTheirOrder() throws Exception {
        RuleMatcher matcher = RuleMatcher.of(List.of(
                rule("ec2", "{\"source\":[\"aws.ec2\"]}"),
                rule("anything-prefixed", "{\"source\":[{\"prefix\":\"aws.\"}]}"),
                rule("by-type", "{\"detail-type\":[\"State Change\"]}"),
                rule("ssm", "{\"source\":[\"aws.ssm\"]}"),
                rule("ec2-running", "{\"source\":[\"aws.ec2\"],\"detail\":{\"state\":[\"running\"]}}")));
        JsonNode event = JSON.readTree("{\"source\":\"aws.ec2\",\"detail-type\":\"State Change\",\"detail\":{\"state\":\"running\"}}");

        assertThat(matcher.matching(event)).containsExactly("ec2", "anything-prefixed", "by-type", "ec2-running");
        assertThat(matcher.candidates(event)).isEqualTo(4);
        assertThat(matcher.matching(JSON.readTree("{\"source\":\"other\"}"))).isEmpty();
    }

    @Test
    void matching_eventWithAnArrayOfSources_findsRulesOfEachOnce() throws Exception {
        RuleMatcher matcher = RuleMatcher.of(List.of(
                rule("a", "{\"source\":[\"a\",\"b\"]}"),
                rule("b", "{\"source\":[\"b\"]}"),
                rule("c", "{\"source\":[\"c\"]}")));

        assertThat(matcher.matching(JSON.readTree("{\"source\":[\"a\",[\"b\"]]}"))).containsExactly("a", "b");
    }

    @Test
    void requiredExactValues_onlyForPlainExactStringLeaves() throws Exception {
        assertThat(RuleMatcher.requiredExactValues(EventPattern.parse("{\"source\":[\"a\",\"b\"]}"), "source"))
                .containsExactly("a", "b");
        assertThat(RuleMatcher.requiredExactValues(EventPattern.parse("{\"source\":[\"a\",{\"prefix\":\"b\"}]}"), "source"))
                .isNull();
        assertThat(RuleMatcher.requiredExactValues(EventPattern.parse("{\"source\":[\"a\",{\"exists\":false}]}"), "source"))
                .isNull();
        assertThat(RuleMatcher.requiredExactValues(EventPattern.parse("{\"source\":[\"a\",null]}"), "source")).isNull();
        assertThat(RuleMatcher.requiredExactValues(
                EventPattern.parse("{\"$or\":[{\"source\":[\"a\"]},{\"source\":[\"b\"]}]}"), "source")).isNull();
    }

    /** Equivalence: over random rules and events, exactly the rules whose pattern matches. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void matching_equalsEveryPatternsMatches_overRandomEvents(long seed) throws Exception {
        Random random = new Random(seed);
        List<RuleMatcher.Rule> rules = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rules.add(rule("r" + i, randomPattern(random)));
        }
        RuleMatcher matcher = RuleMatcher.of(rules);
        int matched = 0;
        int pruned = 0;
        for (int e = 0; e < 2000; e++) {
            JsonNode event = randomEvent(random);
            List<String> expected = new ArrayList<>();
            for (RuleMatcher.Rule r : rules) {
                if (r.pattern().matches(event)) {
                    expected.add(r.id());
                }
            }
            assertThat(matcher.matching(event)).as("event %s", event).isEqualTo(expected);
            matched += expected.size();
            pruned += rules.size() - matcher.candidates(event);
        }
        assertThat(matched).as("some rules match some events").isGreaterThan(1000);
        assertThat(pruned).as("the index leaves rules out").isGreaterThan(2000 * 100);
    }

    static String randomPattern(Random r) {
        ObjectNode p = NODES.objectNode();
        int shape = r.nextInt(10);
        if (shape < 6) {
            p.set("source", leaf(r, () -> NODES.textNode(pick(r, SOURCES)), 1 + r.nextInt(2)));
        } else if (shape == 6) {
            p.putArray("source").addObject().put("prefix", "app.");
        } else if (shape == 7) {
            ArrayNode or = p.putArray("$or");
            or.addObject().putArray("source").add(pick(r, SOURCES));
            or.addObject().putArray("detail-type").add(pick(r, TYPES));
        }
        if (r.nextInt(3) > 0) {
            p.set("detail-type", leaf(r, () -> NODES.textNode(pick(r, TYPES)), 1 + r.nextInt(2)));
        }
        ObjectNode detail = NODES.objectNode();
        if (r.nextBoolean()) {
            detail.set("state", NODES.arrayNode().add(stateMatcher(r)));
        }
        if (r.nextInt(3) == 0) {
            ObjectNode numeric = NODES.objectNode();
            int low = r.nextInt(50);
            numeric.putArray("numeric").add(">=").add(low).add("<").add(low + 1 + r.nextInt(50));
            detail.putArray("count").add(numeric);
        }
        if (r.nextInt(4) == 0) {
            detail.putArray("ip").addObject().put("cidr", "10." + r.nextInt(3) + ".0.0/16");
        }
        if (r.nextInt(4) == 0) {
            detail.putObject("item").putArray("kind").add(pick(r, new String[]{"a", "b", "c"}));
        }
        if (r.nextInt(5) == 0) {
            detail.putArray("error").addObject().put("exists", r.nextBoolean());
        }
        if (!detail.isEmpty()) {
            p.set("detail", detail);
        }
        if (r.nextInt(6) == 0) {
            p.putArray("detail.item.kind").add(pick(r, new String[]{"a", "b"}));
        }
        if (p.isEmpty()) {
            p.putArray("account").add("111122223333");
        }
        return p.toString();
    }

    private static JsonNode stateMatcher(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> NODES.textNode(pick(r, STATES));
            case 1 -> NODES.objectNode().put("anything-but", pick(r, STATES));
            case 2 -> NODES.objectNode().put("prefix", "run");
            case 3 -> NODES.objectNode().put("equals-ignore-case", "running");
            case 4 -> NODES.objectNode().put("wildcard", "*ing");
            case 5 -> NODES.objectNode().set("anything-but", NODES.objectNode().put("suffix", "ed"));
            default -> NODES.objectNode().put("suffix", "ped");
        };
    }

    private static ArrayNode leaf(Random r, java.util.function.Supplier<JsonNode> value, int n) {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            a.add(value.get());
        }
        return a;
    }

    static JsonNode randomEvent(Random r) {
        ObjectNode e = NODES.objectNode();
        e.put("version", "0").put("id", "id-" + r.nextInt(1000)).put("account", "111122223333");
        switch (r.nextInt(8)) {
            case 0 -> { }
            case 1 -> e.putArray("source").add(pick(r, SOURCES)).add(pick(r, SOURCES));
            case 2 -> e.put("source", 7);
            default -> e.put("source", pick(r, SOURCES));
        }
        if (r.nextInt(6) > 0) {
            e.put("detail-type", pick(r, TYPES));
        }
        ObjectNode detail = e.putObject("detail");
        if (r.nextInt(5) > 0) {
            detail.put("state", pick(r, STATES));
        }
        if (r.nextInt(3) > 0) {
            detail.put("count", r.nextInt(120) - 10);
        }
        if (r.nextBoolean()) {
            detail.put("ip", "10." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256));
        }
        if (r.nextBoolean()) {
            ArrayNode items = detail.putArray("item");
            for (int i = r.nextInt(3); i >= 0; i--) {
                items.addObject().put("kind", pick(r, new String[]{"a", "b", "c", "d"}));
            }
        }
        if (r.nextInt(4) == 0) {
            detail.put("error", "E" + r.nextInt(3));
        }
        if (r.nextInt(8) == 0) {
            detail.put("item.kind", pick(r, new String[]{"a", "b", "c"}));
        }
        return e;
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
