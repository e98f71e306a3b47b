package io.citadel.core.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 12-byte random nonce and a 16-byte tag. {@link #seal} returns
 * {@code nonce || ciphertext || tag}; {@link #open} reverses it or throws {@link AeadException},
 * never returning unauthenticated bytes.
 */
public final class AesGcm {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes that {@link #seal} adds to the plaintext. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    public AesGcm(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Returns a fresh random 32-byte key. */
    public byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** Encrypts and authenticates {@code plaintext} and {@code aad}; returns nonce, ciphertext and tag. */
    public byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        checkKey(key);
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        Cipher cipher = null;
        try {
            cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            if (written != plaintext.length + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes (expected: " + (plaintext.length + TAG_BYTES) + ")");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption unavailable", e);
        } finally {
            if (cipher != null) {
                release(cipher);
            }
        }
    }

    /** Opens {@code nonce || ciphertext || tag}; throws {@link AeadException} if anything was changed. */
    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) {
        Objects.requireNonNull(sealed, "sealed");
        return open(key, sealed, 0, sealed.length, aad);
    }

    /** Like {@link #open(byte[], byte[], byte[])} for the {@code length} bytes of {@code input} at {@code offset}. */
    public static byte[] open(byte[] key, byte[] input, int offset, int length, byte[] aad) {
        checkKey(key);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(aad, "aad");
        Objects.checkFromIndexSize(offset, length, input.length);
        if (length < OVERHEAD) {
            throw new AeadException("AES-GCM open failed: " + length + " bytes is shorter than nonce and tag (" + OVERHEAD + ")");
        }
        byte[] nonce = Arrays.copyOfRange(input, offset, offset + NONCE_BYTES);
        Cipher cipher = null;
        try {
            cipher = cipher(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(input, offset + NONCE_BYTES, length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new AeadException("AES-GCM open failed: authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption unavailable", e);
        } finally {
            if (cipher != null) {
                release(cipher);
            }
        }
    }

    /**
     * Idle Cipher objects: {@code Cipher.getInstance} walks the provider list on every call, which the
     * audit writer's profile showed as a fifth of its sealing cost. A cipher is fully re-initialised
     * (key and fresh nonce) before each use, so reuse carries no state between calls.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Cipher> IDLE = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int MAX_IDLE = 64;
    private static final java.util.concurrent.atomic.AtomicInteger IDLE_COUNT = new java.util.concurrent.atomic.AtomicInteger();

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = IDLE.poll();
        if (cipher == null) {
            cipher = Cipher.getInstance(TRANSFORMATION);
        } else {
            IDLE_COUNT.decrementAndGet();
        }
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher;
    }

    /** Hands a cipher back for reuse once its doFinal has run (or failed). */
    private static void release(Cipher cipher) {
        if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
            IDLE.offer(cipher);
        } else {
            IDLE_COUNT.decrementAndGet();
        }
    }

    private static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
        }
    }
}
