package io.citadel.core.json;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Records read from storage, parsed once per distinct stored value: a direct-mapped cache from the stored bytes
 * to the parsed record. Every read still goes to storage, so another node's change is seen at once (its bytes
 * differ); the cache only skips parsing bytes seen before. Only for immutable types whose arrays nobody mutates,
 * since callers share one instance. Bounded by its slot count; a collision simply parses again.
 */
public final class ParsedRecords<T> {

    private record Entry<T>(byte[] bytes, int hash, T value) {
    }

    private final Class<T> type;
    private final AtomicReferenceArray<Entry<T>> slots;
    private final int mask;

    /** {@code slots} is rounded up to a power of two. */
    public ParsedRecords(Class<T> type, int slots) {
        this.type = Objects.requireNonNull(type, "type");
        if (slots < 1 || slots > 1 << 20) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: 1..1048576)");
        }
        int size = 1;
        while (size < slots) {
            size <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** The record {@code bytes} hold, as {@link StoredJson#read} parses it. */
    public T read(byte[] bytes) {
        int hash = Arrays.hashCode(bytes);
        int index = (hash ^ (hash >>> 16)) & mask;
        Entry<T> entry = slots.get(index);
        if (entry != null && entry.hash == hash && Arrays.equals(entry.bytes, bytes)) {
            return entry.value;
        }
        T value = StoredJson.read(bytes, type);
        slots.set(index, new Entry<>(bytes.clone(), hash, value));
        return value;
    }
}
