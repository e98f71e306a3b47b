package io.citadel.kms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recently resolved keys (the key record and its aliases, by the account, region and name a request
 * used), so the hot path of Encrypt or Sign reads no storage. An entry is used only while no KMS
 * write has committed on this node since it was loaded and for at most {@link #TTL_MILLIS} by the injected clock; changes
 * made by other nodes sharing PostgreSQL, or by scheduled jobs, are therefore seen within one
 * second. Bounded, least recently used out.
 */
final class KeyCache {

    static final long TTL_MILLIS = 1_000;
    private static final int MAX_ENTRIES = 10_000;

    /** A resolved key as cached. */
    record Cached(KmsKey key, String requestAlias, List<String> aliases) {
    }

    private record Slot(Cached value, long changes, long loadedAt) {
    }

    private final ChangeCountingStorage storage;
    private final java.time.InstantSource clock;
    private final Map<String, Slot> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    KeyCache(ChangeCountingStorage storage, java.time.InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    Cached get(String name, Supplier<Cached> load) {
        long now = clock.millis();
        long changes = storage.changes();
        synchronized (this) {
            Slot entry = entries.get(name);
            if (entry != null && entry.changes() == changes && now - entry.loadedAt() < TTL_MILLIS && now >= entry.loadedAt()) {
                return entry.value();
            }
        }
        Cached loaded = load.get();
        synchronized (this) {
            entries.put(name, new Slot(loaded, changes, now));
        }
        return loaded;
    }
}
