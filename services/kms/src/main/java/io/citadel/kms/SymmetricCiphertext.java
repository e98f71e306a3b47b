package io.citadel.kms;

import io.citadel.core.crypto.AesGcm;
import io.citadel.core.crypto.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The ciphertext blob of a symmetric KMS key (docs/formats.md, "KMS symmetric ciphertext").
 *
 * <pre>
 * offset size
 *  0      1   format version, 0x01
 *  1      1   key id kind: 0x01 a UUID key id, 0x02 a multi-Region id (mrk- + 32 hex digits)
 *  2     16   the key id's 16 bytes
 * 18      8   owning account, unsigned big-endian
 * 26      4   key material version, big-endian (1 = the first material)
 * 30     16   random salt
 * 46     12   AES-GCM nonce
 * 58      n   AES-256-GCM ciphertext of the plaintext
 * 58+n   16   GCM tag
 * </pre>
 *
 * The AES key is HKDF-SHA-256(material, salt, "citadel/kms/v1/symmetric"): a fresh key per
 * ciphertext, so the 96-bit random nonce never has to be unique across billions of messages under
 * one key material. The additional data is the 30-byte header followed by the canonical
 * encryption context, so a changed key id, account, version or context fails authentication.
 * The header is readable without the key, which lets Decrypt find the key and material version;
 * every failure after that reads the same to the caller.
 */
final class SymmetricCiphertext {

    static final int VERSION = 1;
    static final int HEADER_BYTES = 30;
    static final int SALT_BYTES = 16;
    static final int OVERHEAD = HEADER_BYTES + SALT_BYTES + AesGcm.OVERHEAD;
    private static final byte KIND_UUID = 1;
    private static final byte KIND_MRK = 2;
    private static final byte[] INFO = "citadel/kms/v1/symmetric".getBytes(StandardCharsets.US_ASCII);

    /** What the header names, readable before decryption. */
    record Header(String keyId, String accountId, int materialVersion) {
    }

    private SymmetricCiphertext() {
    }

    static byte[] encrypt(SecureRandom random, String keyId, String accountId, int materialVersion, byte[] material,
                          byte[] plaintext, Map<String, String> context) {
        byte[] header = header(keyId, accountId, materialVersion);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = Hkdf.sha256(material, salt, INFO, AesGcm.KEY_BYTES);
        try {
            byte[] sealed = new AesGcm(random).seal(key, plaintext, aad(header, context));
            return ByteBuffer.allocate(HEADER_BYTES + SALT_BYTES + sealed.length).put(header).put(salt).put(sealed).array();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The header of a blob, or empty when the blob is too short or not in this format. */
    static Optional<Header> header(byte[] blob) {
        if (blob == null || blob.length < OVERHEAD || blob[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        in.get();
        byte kind = in.get();
        long high = in.getLong();
        long low = in.getLong();
        long account = in.getLong();
        int version = in.getInt();
        String hex = String.format("%016x%016x", high, low);
        String keyId = switch (kind) {
            case KIND_UUID -> hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
            case KIND_MRK -> "mrk-" + hex;
            default -> null;
        };
        if (keyId == null || account < 0 || account > 999_999_999_999L || version < 1) {
            return Optional.empty();
        }
        return Optional.of(new Header(keyId, String.format("%012d", account), version));
    }

    /** Decrypts a blob whose header was read with {@link #header(byte[])}; throws AeadException on any mismatch. */
    static byte[] decrypt(byte[] blob, byte[] material, Map<String, String> context) {
        byte[] header = Arrays.copyOfRange(blob, 0, HEADER_BYTES);
        byte[] salt = Arrays.copyOfRange(blob, HEADER_BYTES, HEADER_BYTES + SALT_BYTES);
        byte[] key = Hkdf.sha256(material, salt, INFO, AesGcm.KEY_BYTES);
        try {
            return AesGcm.open(key, blob, HEADER_BYTES + SALT_BYTES, blob.length - HEADER_BYTES - SALT_BYTES,
                    aad(header, context));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] header(String keyId, String accountId, int materialVersion) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES);
        out.put((byte) VERSION);
        String hex;
        if (keyId.startsWith("mrk-")) {
            out.put(KIND_MRK);
            hex = keyId.substring(4);
        } else {
            out.put(KIND_UUID);
            hex = keyId.replace("-", "");
        }
        if (hex.length() != 32) {
            throw new IllegalArgumentException("keyId: " + keyId + " (expected: a UUID or mrk- and 32 hex digits)");
        }
        out.putLong(Long.parseUnsignedLong(hex.substring(0, 16), 16));
        out.putLong(Long.parseUnsignedLong(hex.substring(16), 16));
        out.putLong(Long.parseLong(accountId));
        out.putInt(materialVersion);
        return out.array();
    }

    private static byte[] aad(byte[] header, Map<String, String> context) {
        byte[] canonical = EncryptionContext.canonical(context);
        return ByteBuffer.allocate(header.length + canonical.length).put(header).put(canonical).array();
    }
}
