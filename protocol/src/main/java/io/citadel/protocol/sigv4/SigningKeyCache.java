package io.citadel.protocol.sigv4;

import io.citadel.core.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys (four chained HMACs) by credential scope. An entry remembers a hash
 * of the secret it was derived from, so a rotated secret never reuses a key derived from the old
 * one. Bounded: when full it is cleared, which costs one derivation per active scope.
 */
final class SigningKeyCache {

    private record Entry(byte[] secretHash, byte[] signingKey) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    SigningKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.maxEntries = maxEntries;
    }

    /** A cached key for this scope and secret, or null. {@code scope} is the full Credential value. */
    byte[] get(String scope, byte[] secretHash) {
        Entry entry = entries.get(scope);
        if (entry != null && Hashes.constantTimeEquals(entry.secretHash, secretHash)) {
            return entry.signingKey;
        }
        return null;
    }

    /** Remembers a key; callers put only keys that just verified a signature, so guesses cannot fill the cache. */
    void put(String scope, byte[] secretHash, byte[] signingKey) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(scope, new Entry(secretHash, signingKey));
    }

    int size() {
        return entries.size();
    }

    static byte[] secretHash(String secretAccessKey) {
        return Hashes.sha256(secretAccessKey.getBytes(StandardCharsets.UTF_8));
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    static byte[] derive(String secretAccessKey, String date, String region, String service) {
        byte[] kSecret = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        byte[] kDate = Hashes.hmacSha256(kSecret, ascii(date));
        byte[] kRegion = Hashes.hmacSha256(kDate, ascii(region));
        byte[] kService = Hashes.hmacSha256(kRegion, ascii(service));
        return Hashes.hmacSha256(kService, ascii(SignatureParameters.TERMINATOR));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
