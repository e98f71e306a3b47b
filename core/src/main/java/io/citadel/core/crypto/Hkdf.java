package io.citadel.core.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869). KMS derives a fresh AES key per ciphertext from the key
 * material and a random salt, so no one AES-GCM key ever sees enough random nonces to risk a repeat.
 */
public final class Hkdf {

    private static final int HASH_BYTES = 32;

    private Hkdf() {
    }

    public static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
        Objects.requireNonNull(info, "info");
        if (length < 1 || length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("length: " + length + " (expected: 1.." + 255 * HASH_BYTES + ")");
        }
        byte[] prk = Hashes.hmacSha256(salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt, inputKeyMaterial);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        byte[] previous = new byte[0];
        for (int i = 1; out.size() < length; i++) {
            byte[] block = new byte[previous.length + info.length + 1];
            System.arraycopy(previous, 0, block, 0, previous.length);
            System.arraycopy(info, 0, block, previous.length, info.length);
            block[block.length - 1] = (byte) i;
            previous = Hashes.hmacSha256(prk, block);
            out.write(previous, 0, Math.min(previous.length, length - out.size()));
        }
        return out.toByteArray();
    }
}
