package io.citadel.core.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The request's condition keys and their values, immutable. Key names are case-insensitive (stored
 * lower-cased, as IAM compares them); values are kept as given. A key is single- or multi-valued; a
 * multi-valued key with no values is present-but-empty, which {@code ForAllValues} treats like absent.
 */
public final class ConditionContext {

    private static final ConditionContext EMPTY = new ConditionContext(Map.of());

    private volatile Map<String, String[]> values;
    private final Supplier<Map<String, String[]>> lazy;

    ConditionContext(Map<String, String[]> values) {
        this.values = values;
        this.lazy = null;
    }

    /**
     * A context whose keys are computed on first use: most authorizations match a statement without conditions
     * and never read a key, so the request's twenty-odd keys are not built for them.
     */
    ConditionContext(Supplier<Map<String, String[]>> lazy) {
        this.lazy = lazy;
    }

    private Map<String, String[]> map() {
        Map<String, String[]> v = values;
        if (v == null) {
            synchronized (this) {
                v = values;
                if (v == null) {
                    v = lazy.get();
                    values = v;
                }
            }
        }
        return v;
    }

    public static ConditionContext empty() {
        return EMPTY;
    }

    /** Builds a context from {@code key -> values}; keys are lower-cased. */
    public static ConditionContext of(Map<String, List<String>> keys) {
        Map<String, String[]> map = new HashMap<>();
        keys.forEach((k, v) -> map.put(k.toLowerCase(Locale.ROOT), v.toArray(String[]::new)));
        return new ConditionContext(map);
    }

    /** The values of {@code key} (any case), or an empty list when absent. */
    public List<String> values(String key) {
        String[] v = map().get(key.toLowerCase(Locale.ROOT));
        return v == null ? List.of() : Collections.unmodifiableList(Arrays.asList(v));
    }

    public boolean contains(String key) {
        return map().containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** The lower-cased key names present. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(map().keySet());
    }

    /** Raw values for an already lower-cased key; null when absent. Callers must not modify. */
    String[] raw(String lowerKey) {
        return map().get(lowerKey);
    }

    /** The value of a single-valued key (lower-cased), or null when absent or multi-valued. */
    String single(String lowerKey) {
        String[] v = map().get(lowerKey);
        return v != null && v.length == 1 ? v[0] : null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        map().forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(Arrays.toString(v)));
        return sb.append('}').toString();
    }
}
