package io.citadel.core.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * AES key wrap with padding (RFC 5649), and the RSA_AES_KEY_WRAP_SHA_1/256 scheme of AWS KMS ImportKeyMaterial:
 * {@code RSA-OAEP(hash, ephemeral AES-256 key) || AES-KWP(ephemeral key, material)}, the first part
 * modulus-length bytes. AES runs in the JDK, whose AES-NI path is constant time.
 */
public final class KeyWrap {

    /** Bytes of the ephemeral AES key of the RSA-AES scheme. */
    public static final int EPHEMERAL_KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/KWP/NoPadding";
    private static final String KWP_FAILED = "AES key unwrap failed";
    private static final String RSA_AES_FAILED = "RSA-AES key unwrap failed";

    private KeyWrap() {
    }

    /** Wraps 1 or more bytes of {@code material} under a 16-, 24- or 32-byte {@code kek}. */
    public static byte[] aesKwpWrap(byte[] kek, byte[] material) {
        checkKek(kek);
        Objects.requireNonNull(material, "material");
        if (material.length == 0) {
            throw new IllegalArgumentException("AES-KWP material: 0 bytes (expected: at least 1)");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
            return cipher.doFinal(material);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-KWP unavailable", e);
        }
    }

    /** Unwraps what {@link #aesKwpWrap} made; throws {@link AeadException} if the integrity check fails. */
    public static byte[] aesKwpUnwrap(byte[] kek, byte[] wrapped) {
        checkKek(kek);
        Objects.requireNonNull(wrapped, "wrapped");
        if (wrapped.length < 16 || wrapped.length % 8 != 0) {
            throw new AeadException(KWP_FAILED);
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-KWP unavailable", e);
        }
        try {
            return cipher.doFinal(wrapped);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new AeadException(KWP_FAILED, e);
        }
    }

    /** Wraps {@code material} for the holder of the RSA key, as a client of ImportKeyMaterial does. */
    public static byte[] rsaAesWrap(OaepHash hash, byte[] publicSpki, byte[] material, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] ephemeral = new byte[EPHEMERAL_KEY_BYTES];
        random.nextBytes(ephemeral);
        try {
            byte[] head = RsaOaep.encrypt(hash, publicSpki, ephemeral, random);
            byte[] tail = aesKwpWrap(ephemeral, material);
            byte[] out = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, out, head.length, tail.length);
            return out;
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
        }
    }

    /**
     * Unwraps what {@link #rsaAesWrap} made. Any failure, of either part, throws the same {@link AeadException},
     * so that a caller cannot tell an OAEP failure from a KWP one.
     */
    public static byte[] rsaAesUnwrap(OaepHash hash, byte[] privatePkcs8, byte[] wrapped) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(wrapped, "wrapped");
        AsymmetricKeys.Private parsed = AsymmetricKeys.parsePrivate(privatePkcs8, "RSA-AES private key");
        RSAKeyParameters key = RsaOaep.rsaKey(parsed.type(), parsed.key(), "RSA-AES private key");
        int head = RsaOaep.modulusBytes(key);
        if (wrapped.length < head + 16) {
            throw new AeadException(RSA_AES_FAILED);
        }
        byte[] ephemeral = null;
        try {
            ephemeral = RsaOaep.decrypt(hash, key, Arrays.copyOf(wrapped, head));
            if (ephemeral.length != EPHEMERAL_KEY_BYTES) {
                throw new AeadException(RSA_AES_FAILED);
            }
            return aesKwpUnwrap(ephemeral, Arrays.copyOfRange(wrapped, head, wrapped.length));
        } catch (AeadException e) {
            throw new AeadException(RSA_AES_FAILED); // no cause: it would tell which part failed
        } finally {
            if (ephemeral != null) {
                Arrays.fill(ephemeral, (byte) 0);
            }
        }
    }

    private static void checkKek(byte[] kek) {
        Objects.requireNonNull(kek, "kek");
        if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
            throw new IllegalArgumentException("AES-KWP key: " + kek.length + " bytes (expected: 16, 24 or 32)");
        }
    }
}
