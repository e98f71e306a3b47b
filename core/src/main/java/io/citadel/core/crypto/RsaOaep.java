package io.citadel.core.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * RSA-OAEP (RFC 8017) as AWS KMS runs it: MGF1 with the same hash as the label hash, an empty label. Every
 * decryption failure throws one {@link AeadException} with one message, so a caller learns nothing about
 * which check failed.
 */
public final class RsaOaep {

    private static final String DECRYPT_FAILED = "RSA-OAEP decryption failed";

    private RsaOaep() {
    }

    /** Encrypts {@code plaintext} (at most {@link #maxPlaintextBytes} bytes) to a modulus-length ciphertext. */
    public static byte[] encrypt(OaepHash hash, byte[] publicSpki, byte[] plaintext, SecureRandom random) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(random, "random");
        AsymmetricKeys.Public parsed = AsymmetricKeys.parsePublic(publicSpki, "RSA-OAEP public key");
        RSAKeyParameters key = rsaKey(parsed.type(), parsed.key(), "RSA-OAEP public key");
        int bits = key.getModulus().bitLength();
        int max = maxPlaintextBytes(hash, bits);
        if (plaintext.length > max) {
            throw new IllegalArgumentException("RSA-OAEP plaintext: " + plaintext.length + " bytes (expected: at most " + max
                    + " for a " + bits + "-bit key with " + hash + ")");
        }
        OAEPEncoding oaep = oaep(hash);
        oaep.init(true, new ParametersWithRandom(key, random));
        try {
            return oaep.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed", e);
        }
    }

    /** Decrypts a modulus-length ciphertext; throws {@link AeadException} on any failure of the ciphertext. */
    public static byte[] decrypt(OaepHash hash, byte[] privatePkcs8, byte[] ciphertext) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(ciphertext, "ciphertext");
        AsymmetricKeys.Private parsed = AsymmetricKeys.parsePrivate(privatePkcs8, "RSA-OAEP private key");
        return decrypt(hash, rsaKey(parsed.type(), parsed.key(), "RSA-OAEP private key"), ciphertext);
    }

    static byte[] decrypt(OaepHash hash, RSAKeyParameters key, byte[] ciphertext) {
        if (ciphertext.length != modulusBytes(key)) {
            throw new AeadException(DECRYPT_FAILED);
        }
        OAEPEncoding oaep = oaep(hash);
        // Blinding draws from BouncyCastle's default SecureRandom; it hides timing, and needs no caller randomness.
        oaep.init(false, key);
        try {
            return oaep.processBlock(ciphertext, 0, ciphertext.length);
        } catch (InvalidCipherTextException | DataLengthException e) {
            // No cause attached: which check failed is exactly what a padding oracle wants to learn.
            throw new AeadException(DECRYPT_FAILED);
        }
    }

    /** The longest plaintext a key of {@code modulusBits} can encrypt: k - 2·hLen - 2 bytes (RFC 8017 section 7.1.1). */
    public static int maxPlaintextBytes(OaepHash hash, int modulusBits) {
        Objects.requireNonNull(hash, "hash");
        int max = (modulusBits + 7) / 8 - 2 * hash.digestBytes() - 2;
        if (modulusBits <= 0 || max < 1) {
            throw new IllegalArgumentException("RSA modulus: " + modulusBits + " bits (too small for RSA-OAEP with " + hash + ")");
        }
        return max;
    }

    static int modulusBytes(RSAKeyParameters key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    static RSAKeyParameters rsaKey(KeyPairType type, AsymmetricKeyParameter key, String what) {
        if (type.family() != KeyPairType.Family.RSA) {
            throw new IllegalArgumentException(what + ": not an RSA key (found: " + type + ")");
        }
        return (RSAKeyParameters) key;
    }

    private static OAEPEncoding oaep(OaepHash hash) {
        return new OAEPEncoding(new RSABlindedEngine(), digest(hash), digest(hash), null);
    }

    private static Digest digest(OaepHash hash) {
        return switch (hash) {
            case SHA_1 -> new SHA1Digest();
            case SHA_256 -> new SHA256Digest();
        };
    }
}
