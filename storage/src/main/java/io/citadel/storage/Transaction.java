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
}
