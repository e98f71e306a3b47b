package io.citadel.kms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decrypted key material by (account, region, key, version), bounded, least recently used out.
 * Material versions never change once written and every use first reads the key's current record
 * (state, existence), so a cached version can never outlive its key's deletion in effect;
 * {@link #forget} drops a key's versions at once when this node destroys them.
 */
final class MaterialCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, KeyMaterial> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KeyMaterial> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Optional<KeyMaterial> get(KmsKey key, int version, Supplier<Optional<KeyMaterial>> load) {
        String id = KmsKeys.material(key.accountId(), key.region(), key.keyId(), version);
        synchronized (this) {
            KeyMaterial cached = entries.get(id);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<KeyMaterial> loaded = load.get();
        loaded.ifPresent(m -> {
            synchronized (this) {
                entries.put(id, m);
            }
        });
        return loaded;
    }

    synchronized void forget(KmsKey key) {
        String prefix = KmsKeys.materials(key.accountId(), key.region(), key.keyId());
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
