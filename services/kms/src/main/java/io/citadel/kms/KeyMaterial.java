package io.citadel.kms;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a key's material, stored sealed by the barrier and never returned by any API:
 * the AES or HMAC key, or the PKCS#8 private key with its public key.
 *
 * @param rotationType null for the first material, else AUTOMATIC or ON_DEMAND (ListKeyRotations)
 */
record KeyMaterial(int version, String materialId, byte[] secret, byte[] publicKey, Instant createdAt,
                   String rotationType) {

    KeyMaterial {
        Objects.requireNonNull(materialId, "materialId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
        }
    }
}
