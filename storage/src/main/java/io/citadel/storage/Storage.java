package io.citadel.storage;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/**
 * An ordered key-value store: string keys compared by Unicode code point (the order of their UTF-8
 * bytes, identical in every backend), byte-array values, paged prefix scans and all-or-nothing
 * transactions. Keys follow {@link KeyRules}; values are at most {@link #maxValueBytes()} bytes.
 *
 * <p>Implementations are safe for concurrent use. Returned arrays belong to the caller.
 */
public interface Storage extends AutoCloseable {

    /** Default upper bound for one value: 4 MiB. */
    int DEFAULT_MAX_VALUE_BYTES = 4 * 1024 * 1024;

    Optional<byte[]> get(String key);

    void put(String key, byte[] value);

    /** Removes the key; returns whether it existed. */
    boolean delete(String key);

    /**
     * Atomically replaces the value of {@code key} if its current value equals {@code expectedOrNull}
     * ({@code null}: the key is absent). {@code newOrNull == null} deletes. Returns whether it did.
     * Runs as one {@link #transaction}; values are compared in constant time.
     */
    default boolean compareAndSet(String key, byte[] expectedOrNull, byte[] newOrNull) {
        KeyRules.checkKey(key);
        if (newOrNull != null) {
            KeyRules.checkValue(newOrNull, maxValueBytes());
        }
        return transaction(tx -> {
            Optional<byte[]> current = tx.get(key);
            boolean matches = current.isEmpty()
                    ? expectedOrNull == null
                    : expectedOrNull != null && MessageDigest.isEqual(current.get(), expectedOrNull);
            if (!matches) {
                return false;
            }
            if (newOrNull == null) {
                tx.delete(key);
            } else {
                tx.put(key, newOrNull);
            }
            return true;
        });
    }

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} and sort after
     * {@code startAfterOrNull}, in key order. Continue with {@code page.lastKey()} while
     * {@code page.hasMore()}.
     */
    ScanPage scan(String prefix, String startAfterOrNull, int limit);

    /**
     * A read-only {@link Transaction} over this storage's own {@link #get} and {@link #scan}: each
     * read sees the latest committed state by itself (there is no snapshot across reads), and none
     * takes the writer, so on SQLite reads run on the read connections beside the writes (a
     * transaction, even one that only reads, holds SQLite's single write lock). For read paths that
     * tolerate a concurrent change between two of their reads; {@code put} and {@code delete} throw.
     */
    default Transaction reads() {
        return new Transaction() {
            @Override
            public Optional<byte[]> get(String key) {
                return Storage.this.get(key);
            }

            @Override
            public void put(String key, byte[] value) {
                throw new UnsupportedOperationException("put on a read-only view");
            }

            @Override
            public boolean delete(String key) {
                throw new UnsupportedOperationException("delete on a read-only view");
            }

            @Override
            public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
                return Storage.this.scan(prefix, startAfterOrNull, limit);
            }
        };
    }

    /**
     * Runs {@code work} in one serializable transaction: its writes become visible together when it
     * returns, or not at all when it throws (the exception propagates unchanged). {@code work} may run
     * more than once (PostgreSQL retries serialization failures), so it must have no effects outside
     * the transaction. Do not use this storage's write methods from inside {@code work}.
     */
    <T> T transaction(Function<Transaction, T> work);

    /**
     * Makes deleted values unrecoverable from this store's files as far as the backend can: SQLite
     * zeroes deleted rows as it writes (secure_delete) and here truncates its write-ahead log, which
     * still holds the deleted rows' old pages. Services call it after destroying secrets (KMS key
     * material). A no-op where the backend cannot (PostgreSQL keeps dead tuples until VACUUM).
     */
    default void purgeDeleted() {
    }

    /** Largest value {@link #put} accepts, in bytes. */
    int maxValueBytes();

    @Override
    void close();
}
