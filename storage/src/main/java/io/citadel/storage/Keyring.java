package io.citadel.storage;

import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.AesGcm;
import io.citadel.core.crypto.Hashes;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The versioned data keys of a {@link Barrier} and their record under {@link Barrier#KEYRING_KEY},
 * sealed with a key derived from the root key. Immutable: rotation makes a new keyring.
 */
final class Keyring {

    static final byte RECORD_FORMAT = 1;
    static final int KEY_CHECK_BYTES = 32;
    static final int RECORD_HEADER_BYTES = 1 + KEY_CHECK_BYTES;
    static final int MAX_KEYS = 100_000;

    private static final byte[] WRAP_LABEL = "citadel/keyring/wrap/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_LABEL = "citadel/keyring/check/v1".getBytes(StandardCharsets.US_ASCII);

    private final int activeVersion;
    /** Never modified after construction. */
    private final TreeMap<Integer, byte[]> keys;

    private Keyring(int activeVersion, TreeMap<Integer, byte[]> keys) {
        if (!keys.containsKey(activeVersion)) {
            throw new IllegalArgumentException("keyring: active version " + activeVersion + " missing (expected: one of " + keys.keySet() + ")");
        }
        this.activeVersion = activeVersion;
        this.keys = keys;
    }

    static Keyring first(byte[] key) {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(1, key.clone());
        return new Keyring(1, keys);
    }

    /** A keyring with {@code key} added as the next version, which becomes active. */
    Keyring rotated(byte[] key) {
        TreeMap<Integer, byte[]> next = new TreeMap<>();
        keys.forEach((v, k) -> next.put(v, k.clone()));
        int version = latestVersion() + 1;
        next.put(version, key.clone());
        return new Keyring(version, next);
    }

    int activeVersion() {
        return activeVersion;
    }

    int latestVersion() {
        return keys.lastKey();
    }

    Optional<byte[]> key(int version) {
        return Optional.ofNullable(keys.get(version));
    }

    String versions() {
        return keys.keySet().toString();
    }

    void zero() {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }

    /** Serialises and seals this keyring: {@code format || keyCheck || nonce || ciphertext || tag}. */
    byte[] seal(byte[] rootKey, AesGcm aes) {
        ByteBuffer plain = ByteBuffer.allocate(8 + keys.size() * (4 + AesGcm.KEY_BYTES));
        plain.putInt(activeVersion).putInt(keys.size());
        keys.forEach((v, k) -> plain.putInt(v).put(k));
        byte[] plaintext = plain.array();
        byte[] header = new byte[RECORD_HEADER_BYTES];
        header[0] = RECORD_FORMAT;
        byte[] check = keyCheck(rootKey);
        System.arraycopy(check, 0, header, 1, KEY_CHECK_BYTES);
        byte[] wrapKey = wrapKey(rootKey);
        try {
            byte[] sealed = aes.seal(wrapKey, plaintext, aad(header));
            byte[] record = new byte[header.length + sealed.length];
            System.arraycopy(header, 0, record, 0, header.length);
            System.arraycopy(sealed, 0, record, header.length, sealed.length);
            return record;
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Opens a keyring record, telling a wrong root key (key check mismatch) from a modified record. */
    static Keyring unseal(byte[] rootKey, byte[] record) {
        if (record.length < RECORD_HEADER_BYTES + AesGcm.OVERHEAD) {
            throw new SealException("cannot unseal: the keyring at " + Barrier.KEYRING_KEY + " is " + record.length
                    + " bytes (expected: at least " + (RECORD_HEADER_BYTES + AesGcm.OVERHEAD) + "); it was modified or truncated");
        }
        if (record[0] != RECORD_FORMAT) {
            throw new SealException("cannot unseal: the keyring at " + Barrier.KEYRING_KEY + " has format " + record[0]
                    + " (expected: " + RECORD_FORMAT + "); it was modified or written by a newer version");
        }
        byte[] header = Arrays.copyOfRange(record, 0, RECORD_HEADER_BYTES);
        if (!Hashes.constantTimeEquals(keyCheck(rootKey), Arrays.copyOfRange(header, 1, RECORD_HEADER_BYTES))) {
            throw new SealException("cannot unseal: the root key does not open the keyring (wrong passphrase or key file, or the keyring was modified)");
        }
        byte[] wrapKey = wrapKey(rootKey);
        byte[] plaintext;
        try {
            plaintext = AesGcm.open(wrapKey, record, RECORD_HEADER_BYTES, record.length - RECORD_HEADER_BYTES, aad(header));
        } catch (AeadException e) {
            throw new SealException("cannot unseal: the keyring at " + Barrier.KEYRING_KEY
                    + " failed authentication although the root key matches its key check (the keyring was modified or corrupted)", e);
        } finally {
            Arrays.fill(wrapKey, (byte) 0);
        }
        try {
            return parse(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static Keyring parse(byte[] plaintext) {
        try {
            ByteBuffer in = ByteBuffer.wrap(plaintext);
            int active = in.getInt();
            int count = in.getInt();
            if (count < 1 || count > MAX_KEYS || in.remaining() != count * (4 + AesGcm.KEY_BYTES)) {
                throw new SealException("cannot unseal: keyring holds " + count + " keys in " + plaintext.length + " bytes (inconsistent)");
            }
            TreeMap<Integer, byte[]> keys = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                int version = in.getInt();
                byte[] key = new byte[AesGcm.KEY_BYTES];
                in.get(key);
                if (version < 1 || keys.put(version, key) != null) {
                    throw new SealException("cannot unseal: keyring version " + version + " is invalid or repeated");
                }
            }
            return new Keyring(active, keys);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SealException("cannot unseal: keyring plaintext is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] aad(byte[] header) {
        byte[] name = Barrier.KEYRING_KEY.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[header.length + name.length];
        System.arraycopy(header, 0, aad, 0, header.length);
        System.arraycopy(name, 0, aad, header.length, name.length);
        return aad;
    }

    private static byte[] wrapKey(byte[] rootKey) {
        return Hashes.hmacSha256(rootKey, WRAP_LABEL);
    }

    private static byte[] keyCheck(byte[] rootKey) {
        return Hashes.hmacSha256(rootKey, CHECK_LABEL);
    }
}
