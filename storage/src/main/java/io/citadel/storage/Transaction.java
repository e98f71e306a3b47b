package io.citadel.storage;

import java.util.Optional;

/**
 * The view of a {@link Storage} inside {@link Storage#transaction}: reads see the transaction's own
 * writes. Valid only until the work function returns.
 */
public interface Transaction {

    Optional<byte[]> get(String key);

    void put(String key, byte[] value);

    boolean delete(String key);

    ScanPage scan(String prefix, String startAfterOrNull, int limit);

    /** Every entry under {@code prefix}, page by page, read inside the transaction. For prefixes known to stay small. */
    default java.util.List<Entry> scanAll(String prefix) {
        java.util.List<Entry> out = new java.util.ArrayList<>();
        String after = null;
        ScanPage page;
        do {
            page = scan(prefix, after, KeyRules.MAX_SCAN_LIMIT);
            out.addAll(page.entries());
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        return out;
    }
}
