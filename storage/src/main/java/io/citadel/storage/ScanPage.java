package io.citadel.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a prefix scan, in key order. When {@code hasMore} is true the page is not empty and
 * the next page starts after {@link #lastKey()}.
 */
public record ScanPage(List<Entry> entries, boolean hasMore) {

    public ScanPage {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        if (hasMore && entries.isEmpty()) {
            throw new IllegalArgumentException("scan page: empty with hasMore=true (expected: at least one entry)");
        }
    }

    /** The key to pass as {@code startAfter} for the next page; empty when the page is empty. */
    public Optional<String> lastKey() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.getLast().key());
    }
}
