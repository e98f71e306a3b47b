package io.citadel.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Storage} in memory, for tests and fakes. One writer lock runs writes and transactions one
 * at a time (trivially serializable); a transaction's buffered writes are applied under an exclusive
 * visibility lock, so readers see all of them or none.
 */
public final class InMemoryStorage implements Storage {

    private final NavigableMap<String, byte[]> map = new ConcurrentSkipListMap<>(KeyRules.ORDER);
    private final ReentrantLock writerLock = new ReentrantLock();
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();
    private final int maxValueBytes;
    private volatile boolean closed;

    public InMemoryStorage() {
        this(DEFAULT_MAX_VALUE_BYTES);
    }

    public InMemoryStorage(int maxValueBytes) {
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("maxValueBytes: " + maxValueBytes + " (expected: at least 1)");
        }
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public Optional<byte[]> get(String key) {
        KeyRules.checkKey(key);
        visibility.readLock().lock();
        try {
            checkOpen();
            return Optional.ofNullable(map.get(key)).map(byte[]::clone);
        } finally {
            visibility.readLock().unlock();
        }
    }

    @Override
    public void put(String key, byte[] value) {
        KeyRules.checkKey(key);
        byte[] copy = KeyRules.checkValue(value, maxValueBytes).clone();
        write(() -> map.put(key, copy));
    }

    @Override
    public boolean delete(String key) {
        KeyRules.checkKey(key);
        return write(() -> map.remove(key) != null);
    }

    @Override
    public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
        KeyRules.checkScan(prefix, startAfterOrNull, limit);
        visibility.readLock().lock();
        try {
            checkOpen();
            return page(range(map, prefix, startAfterOrNull).entrySet().iterator(), limit);
        } finally {
            visibility.readLock().unlock();
        }
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        return write(() -> {
            MemoryTransaction tx = new MemoryTransaction();
            T result;
            try {
                result = work.apply(tx);
            } finally {
                tx.open = false;
            }
            visibility.writeLock().lock();
            try {
                for (Map.Entry<String, byte[]> write : tx.writes.entrySet()) {
                    if (write.getValue() == null) {
                        map.remove(write.getKey());
                    } else {
                        map.put(write.getKey(), write.getValue());
                    }
                }
            } finally {
                visibility.writeLock().unlock();
            }
            return result;
        });
    }

    @Override
    public int maxValueBytes() {
        return maxValueBytes;
    }

    @Override
    public void close() {
        visibility.writeLock().lock();
        try {
            closed = true;
            map.clear();
        } finally {
            visibility.writeLock().unlock();
        }
    }

    /** Single writes need no visibility lock: one map operation is atomic on its own. */
    private <T> T write(Supplier<T> action) {
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("storage write inside a transaction on the same thread (expected: use the Transaction)");
        }
        writerLock.lock();
        try {
            checkOpen();
            return action.get();
        } finally {
            writerLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("storage: closed");
        }
    }

    private static NavigableMap<String, byte[]> range(NavigableMap<String, byte[]> source, String prefix, String startAfterOrNull) {
        Optional<ScanRange> range = ScanRange.of(prefix, startAfterOrNull);
        if (range.isEmpty()) {
            return Collections.emptyNavigableMap();
        }
        ScanRange r = range.get();
        NavigableMap<String, byte[]> tail = source.tailMap(r.from(), r.fromInclusive());
        return r.toExclusiveOrNull() == null ? tail : tail.headMap(r.toExclusiveOrNull(), false);
    }

    private static ScanPage page(Iterator<Map.Entry<String, byte[]>> iterator, int limit) {
        List<Entry> entries = new ArrayList<>(Math.min(limit, 64));
        while (iterator.hasNext() && entries.size() < limit) {
            Map.Entry<String, byte[]> e = iterator.next();
            entries.add(new Entry(e.getKey(), e.getValue().clone()));
        }
        return new ScanPage(entries, iterator.hasNext());
    }

    /** Buffers writes ({@code null} marks a delete) and reads through them to the committed map. */
    private final class MemoryTransaction implements Transaction {

        private final NavigableMap<String, byte[]> writes = new TreeMap<>(KeyRules.ORDER);
        private boolean open = true;

        @Override
        public Optional<byte[]> get(String key) {
            KeyRules.checkKey(key);
            checkActive();
            byte[] value = writes.containsKey(key) ? writes.get(key) : map.get(key);
            return Optional.ofNullable(value).map(byte[]::clone);
        }

        @Override
        public void put(String key, byte[] value) {
            KeyRules.checkKey(key);
            checkActive();
            writes.put(key, KeyRules.checkValue(value, maxValueBytes).clone());
        }

        @Override
        public boolean delete(String key) {
            KeyRules.checkKey(key);
            checkActive();
            boolean existed = writes.containsKey(key) ? writes.get(key) != null : map.containsKey(key);
            writes.put(key, null);
            return existed;
        }

        @Override
        public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
            KeyRules.checkScan(prefix, startAfterOrNull, limit);
            checkActive();
            NavigableMap<String, byte[]> merged = new TreeMap<>(KeyRules.ORDER);
            merged.putAll(range(map, prefix, startAfterOrNull));
            for (Map.Entry<String, byte[]> write : range(writes, prefix, startAfterOrNull).entrySet()) {
                if (write.getValue() == null) {
                    merged.remove(write.getKey());
                } else {
                    merged.put(write.getKey(), write.getValue());
                }
            }
            return page(merged.entrySet().iterator(), limit);
        }

        private void checkActive() {
            if (!open) {
                throw new IllegalStateException("transaction: used after its work function returned");
            }
        }
    }
}
