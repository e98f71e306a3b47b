package io.citadel.storage;

import java.util.Optional;

/**
 * The key interval a scan covers: from {@code from} (inclusive or not) up to, excluding,
 * {@code toExclusiveOrNull} ({@code null}: unbounded). SQL backends turn it into
 * {@code k >= ? AND k < ?}, so prefixes containing {@code %}, {@code _} or backslash need no escaping.
 */
public record ScanRange(String from, boolean fromInclusive, String toExclusiveOrNull) {

    /** The range of keys starting with {@code prefix} and after {@code startAfterOrNull}; empty if none can exist. */
    public static Optional<ScanRange> of(String prefix, String startAfterOrNull) {
        Optional<String> bound = KeyRules.prefixUpperBound(prefix);
        boolean afterStart = startAfterOrNull != null && KeyRules.compare(startAfterOrNull, prefix) >= 0;
        String from = afterStart ? startAfterOrNull : prefix;
        if (bound.isPresent() && KeyRules.compare(from, bound.get()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new ScanRange(from, !afterStart, bound.orElse(null)));
    }

    /** The SQL condition on {@code column}, with one or two {@code ?} placeholders for {@link #from} and the bound. */
    public String sqlCondition(String column) {
        String lower = column + (fromInclusive ? " >= ?" : " > ?");
        return toExclusiveOrNull == null ? lower : lower + " AND " + column + " < ?";
    }
}
