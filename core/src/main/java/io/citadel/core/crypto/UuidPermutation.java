package io.citadel.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed permutation of 122-bit numbers rendered as version-4 UUIDs: ids that look random to anyone
 * without the key (and are unique, since it is a permutation) but that the key holder maps back to the
 * number. A 6-round Feistel network over two 61-bit halves whose round function is AES-256 of the
 * round number and the half.
 */
public final class UuidPermutation {

    public static final int KEY_BYTES = 32;
    private static final int ROUNDS = 6;
    private static final long MASK61 = (1L << 61) - 1;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers;

    public UuidPermutation(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("uuid permutation key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.ciphers = ThreadLocal.withInitial(this::cipher);
    }

    /** The UUID of the 122-bit number {@code high:low}, with {@code high} in 0..2^58-1 and {@code low} any 64 bits. */
    public UUID encrypt(long high, long low) {
        if (high < 0 || high >= (1L << 58)) {
            throw new IllegalArgumentException("uuid permutation high part: " + high + " (expected: 0.." + ((1L << 58) - 1) + ")");
        }
        long left = (high << 3) | (low >>> 61);
        long right = low & MASK61;
        Cipher aes = ciphers.get();
        for (int round = 0; round < ROUNDS; round++) {
            long next = left ^ f(aes, round, right);
            left = right;
            right = next;
        }
        return pack(left, right);
    }

    /** The {@code [high, low]} pair behind {@code id}, or null when it is not a version-4 UUID. */
    public long[] decrypt(UUID id) {
        if (id.version() != 4 || id.variant() != 2) {
            return null;
        }
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        long bits60 = ((msb >>> 16) << 12) | (msb & 0xFFFL); // 48 + 12 bits
        long bits62 = lsb & 0x3FFFFFFFFFFFFFFFL;
        // 122 bits = bits60 (high) : bits62 (low); split into two 61-bit halves
        long left = (bits60 << 1) | (bits62 >>> 61);
        long right = bits62 & MASK61;
        Cipher aes = ciphers.get();
        for (int round = ROUNDS - 1; round >= 0; round--) {
            long previous = right ^ f(aes, round, left);
            right = left;
            left = previous;
        }
        return new long[] {left >>> 3, ((left & 7L) << 61) | right};
    }

    private static UUID pack(long left, long right) {
        long bits60 = left >>> 1;
        long bits62 = ((left & 1L) << 61) | right;
        long msb = ((bits60 >>> 12) << 16) | 0x4000L | (bits60 & 0xFFFL);
        long lsb = 0x8000000000000000L | bits62;
        return new UUID(msb, lsb);
    }

    private static long f(Cipher aes, int round, long half) {
        byte[] block = new byte[16];
        block[0] = (byte) round;
        for (int i = 0; i < 8; i++) {
            block[8 + i] = (byte) (half >>> (56 - 8 * i));
        }
        byte[] out;
        try {
            out = aes.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (out[i] & 0xff);
        }
        return v & MASK61;
    }

    private Cipher cipher() {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }
}
