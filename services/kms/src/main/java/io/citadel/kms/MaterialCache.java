package io.citadel.kms;

import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decrypted key material by (account, region, key, version), bounded, least recently used out.
 * Material versions never change once written and every use first reads the key's current record
 * (state, existence), so a cached version can never outlive its key's deletion in effect;
 * {@link #forget} drops a key's versions at once when this node destroys them. Parsed signing handles
 * are kept beside the material, because parsing an RSA or ML-DSA private key costs more than a signature.
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

    /** Parsed signing and verification handles by material version and scheme, for keys that sign often. */
    private final Map<String, Object> handles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Signatures.Signer signer(KmsKey key, KeyMaterial material, SignatureScheme scheme) {
        return handle(key, material, "#sign#" + scheme, Signatures.Signer.class,
                () -> Signatures.signer(scheme, material.secret()));
    }

    Signatures.Verifier verifier(KmsKey key, KeyMaterial material, SignatureScheme scheme) {
        return handle(key, material, "#verify#" + scheme, Signatures.Verifier.class,
                () -> Signatures.verifier(scheme, material.publicKey()));
    }

    private <T> T handle(KmsKey key, KeyMaterial material, String suffix, Class<T> type, Supplier<T> parse) {
        String id = KmsKeys.material(key.accountId(), key.region(), key.keyId(), material.version()) + suffix;
        synchronized (this) {
            Object cached = handles.get(id);
            if (type.isInstance(cached)) {
                return type.cast(cached);
            }
        }
        T parsed = parse.get();
        synchronized (this) {
            handles.put(id, parsed);
        }
        return parsed;
    }

    synchronized void forget(KmsKey key) {
        String prefix = KmsKeys.materials(key.accountId(), key.region(), key.keyId());
        entries.keySet().removeIf(k -> k.startsWith(prefix));
        handles.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
