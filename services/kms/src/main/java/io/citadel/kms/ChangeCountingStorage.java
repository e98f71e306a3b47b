package io.citadel.kms;

import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The storage KMS writes through, counting its committed writes so the {@link KeyCache} can tell
 * that anything it holds may be stale: the count moves after each write commits, and a cache entry
 * is only used while the count it was loaded under is current.
 */
final class ChangeCountingStorage implements Storage {

    private final Storage delegate;
    private final AtomicLong changes = new AtomicLong();

    ChangeCountingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    long changes() {
        return changes.get();
    }

    /** For writes that commit outside this storage (scheduled jobs run in the scheduler's transactions). */
    void changed() {
        changes.incrementAndGet();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        delegate.put(key, value);
        changes.incrementAndGet();
    }

    @Override
    public boolean delete(String key) {
        boolean deleted = delegate.delete(key);
        changes.incrementAndGet();
        return deleted;
    }

    @Override
    public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
        return delegate.scan(prefix, startAfterOrNull, limit);
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        boolean[] wrote = new boolean[1];
        T result = delegate.transaction(tx -> {
            wrote[0] = false;
            return work.apply(new Transaction() {
                @Override
                public Optional<byte[]> get(String key) {
                    return tx.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    wrote[0] = true;
                    tx.put(key, value);
                }

                @Override
                public boolean delete(String key) {
                    wrote[0] = true;
                    return tx.delete(key);
                }

                @Override
                public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
                    return tx.scan(prefix, startAfterOrNull, limit);
                }
            });
        });
        if (wrote[0]) {
            changes.incrementAndGet();
        }
        return result;
    }

    @Override
    public void purgeDeleted() {
        delegate.purgeDeleted();
    }

    @Override
    public int maxValueBytes() {
        return delegate.maxValueBytes();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
