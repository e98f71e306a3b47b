package io.citadel.pca;

import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateSigner;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The signing keys of CAs whose key is under the barrier, unsealed and parsed once instead of on every certificate or
 * OCSP response (docs/pca.md, design decision 32). Memory only, bounded by {@link #MAX_ENTRIES}; an entry is used only
 * for the CA id and public key it was made for, and dropped when this node changes the CA's status, deletes, restores
 * or purges it. Callers check the CA's current stored record (status, key location) before asking for its signer.
 */
final class CaKeyCache {

    /** More CAs than this in use on one node at once, and the cache starts over (a re-read of each key, nothing worse). */
    static final int MAX_ENTRIES = 256;

    private record Key(String caId, SignatureScheme scheme) {
    }

    private record Entry(byte[] publicKey, CertificateSigner signer) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random;

    CaKeyCache(SecureRandom random) {
        this.random = random;
    }

    /** The signer for {@code ca}'s key with {@code scheme}; {@code privatePkcs8} unseals the key when it is not cached. */
    CertificateSigner signer(StoredAuthority ca, SignatureScheme scheme, Supplier<byte[]> privatePkcs8) {
        Key key = new Key(ca.id(), scheme);
        Entry entry = entries.get(key);
        if (entry != null && Arrays.equals(entry.publicKey(), ca.publicKey())) {
            return entry.signer();
        }
        CertificateSigner signer = CertificateSigner.ofPrivateKey(scheme, privatePkcs8.get(), random);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(ca.publicKey().clone(), signer));
        return signer;
    }

    /** Drops every cached key of the CA with this id. */
    void forget(String caId) {
        entries.keySet().removeIf(k -> k.caId().equals(caId));
    }

    int size() {
        return entries.size();
    }
}
