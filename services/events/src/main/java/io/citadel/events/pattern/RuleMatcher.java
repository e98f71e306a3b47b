package io.citadel.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.events.pattern.PatternNode.Field;
import io.citadel.events.pattern.PatternNode.LeafPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Many rules' patterns, matched against one event at a time: the hot path of PutEvents. Most rules
 * name the exact sources (or, failing that, detail-types) they want, so rules are indexed by those
 * values and an event is only evaluated against the rules its source or detail-type can select,
 * plus the few rules that name neither. The answer is exactly the rules whose
 * {@link EventPattern#matches} is true, in the order they were added. Immutable; build a new one
 * when the rules change.
 */
public final class RuleMatcher {

    private static final int[] NONE = new int[0];

    private final List<String> ids;
    private final EventPattern[] patterns;
    private final Map<String, int[]> bySource;
    private final Map<String, int[]> byDetailType;
    private final int[] unindexed;

    private RuleMatcher(List<String> ids, EventPattern[] patterns, Map<String, int[]> bySource,
                        Map<String, int[]> byDetailType, int[] unindexed) {
        this.ids = ids;
        this.patterns = patterns;
        this.bySource = bySource;
        this.byDetailType = byDetailType;
        this.unindexed = unindexed;
    }

    /** A rule and its compiled pattern. */
    public record Rule(String id, EventPattern pattern) {
        public Rule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    public static RuleMatcher of(List<Rule> rules) {
        List<String> ids = new ArrayList<>(rules.size());
        EventPattern[] patterns = new EventPattern[rules.size()];
        Map<String, List<Integer>> sources = new HashMap<>();
        Map<String, List<Integer>> detailTypes = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            ids.add(rule.id());
            patterns[i] = rule.pattern();
            Set<String> required = requiredExactValues(rule.pattern(), "source");
            Map<String, List<Integer>> index = sources;
            if (required == null) {
                required = requiredExactValues(rule.pattern(), "detail-type");
                index = detailTypes;
            }
            if (required == null) {
                rest.add(i);
                continue;
            }
            for (String value : required) {
                index.computeIfAbsent(value, k -> new ArrayList<>()).add(i);
            }
        }
        return new RuleMatcher(List.copyOf(ids), patterns, freeze(sources), freeze(detailTypes),
                rest.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The values a top-level field must have exactly for the pattern to match, or null when the
     * pattern does not constrain it to a set of exact strings (absent, operators, or $or above it).
     */
    static Set<String> requiredExactValues(EventPattern pattern, String field) {
        for (Field f : pattern.root().fields()) {
            if (f.name().equals(field) && f.pattern() instanceof LeafPattern leaf) {
                if (leaf.existsFalse() || leaf.existsTrue()) {
                    return null;
                }
                Set<String> values = new LinkedHashSet<>();
                for (Matcher m : leaf.valueMatchers()) {
                    if (!(m instanceof Matcher.ExactString exact)) {
                        return null;
                    }
                    values.add(exact.value());
                }
                return values;
            }
        }
        return null;
    }

    private static Map<String, int[]> freeze(Map<String, List<Integer>> index) {
        Map<String, int[]> out = new HashMap<>(index.size() * 2);
        index.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return Map.copyOf(out);
    }

    public int size() {
        return ids.size();
    }

    /** The ids of the rules whose pattern matches the event, in the order the rules were given. */
    public List<String> matching(JsonNode event) {
        event = DottedKeys.expand(event);
        long[] candidates = candidateSet(event);
        List<String> out = new ArrayList<>();
        for (int word = 0; word < candidates.length; word++) {
            long bits = candidates[word];
            while (bits != 0) {
                int i = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (patterns[i].matchesExpanded(event)) {
                    out.add(ids.get(i));
                }
            }
        }
        return out;
    }

    private static void collect(long[] candidates, JsonNode value, Map<String, int[]> index) {
        if (value == null || index.isEmpty()) {
            return;
        }
        if (value.isTextual()) {
            mark(candidates, index.getOrDefault(value.textValue(), NONE));
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                collect(candidates, element, index);
            }
        }
    }

    private static void mark(long[] candidates, int[] rules) {
        for (int i : rules) {
            candidates[i >>> 6] |= 1L << (i & 63);
        }
    }

    @Override
    public String toString() {
        return "RuleMatcher[" + ids.size() + " rules, " + bySource.size() + " sources, " + byDetailType.size()
                + " detail-types, " + unindexed.length + " unindexed]";
    }

    /** For tests: how many rules an event would be evaluated against. */
    int candidates(JsonNode event) {
        return Arrays.stream(candidateSet(event)).mapToInt(Long::bitCount).sum();
    }

    private long[] candidateSet(JsonNode event) {
        long[] candidates = new long[(patterns.length + 63) >>> 6];
        if (!event.isObject()) {
            for (int i = 0; i < patterns.length; i++) {
                candidates[i >>> 6] |= 1L << (i & 63);
            }
            return candidates;
        }
        mark(candidates, unindexed);
        collect(candidates, event.get("source"), bySource);
        collect(candidates, event.get("detail-type"), byDetailType);
        return candidates;
    }
}
