package io.citadel.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Generates and imports the asymmetric key pairs of {@link KeyPairType} as PKCS#8 / SubjectPublicKeyInfo DER.
 * An imported private key must be of the expected type and internally consistent (RSA CRT values, any public
 * key it carries, an ML-DSA seed and its expanded key), since a key that signs wrongly can leak itself.
 */
public final class KeyPairs {

    private static final BigInteger RSA_PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    /** Miller-Rabin certainty for RSA primes; BouncyCastle raises the rounds to FIPS 186-5's minimum for the size anyway. */
    private static final int RSA_PRIME_CERTAINTY = 112;

    private KeyPairs() {
    }

    /** A fresh key pair of {@code type} drawn from {@code random}. */
    public static AsymmetricKeyPair generate(KeyPairType type, SecureRandom random) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(random, "random");
        AsymmetricCipherKeyPair pair = switch (type.family()) {
            case RSA -> {
                RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
                generator.init(new RSAKeyGenerationParameters(RSA_PUBLIC_EXPONENT, random, type.modulusBits(), RSA_PRIME_CERTAINTY));
                yield generator.generateKeyPair();
            }
            case EC -> {
                ECKeyPairGenerator generator = new ECKeyPairGenerator();
                generator.init(new ECKeyGenerationParameters(ECNamedDomainParameters.lookup(AsymmetricKeys.curve(type)), random));
                yield generator.generateKeyPair();
            }
            case ED25519 -> {
                Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
                generator.init(new Ed25519KeyGenerationParameters(random));
                yield generator.generateKeyPair();
            }
            case ML_DSA -> {
                MLDSAKeyPairGenerator generator = new MLDSAKeyPairGenerator();
                generator.init(new MLDSAKeyGenerationParameters(random, AsymmetricKeys.mlDsaParameters(type)));
                yield generator.generateKeyPair();
            }
        };
        return new AsymmetricKeyPair(AsymmetricKeys.encodePrivate(pair.getPrivate()), AsymmetricKeys.encodePublic(pair.getPublic()));
    }

    /**
     * Parses an imported PKCS#8 private key, checks that it is of {@code expected} type (curve, modulus size,
     * ML-DSA level) and consistent, and returns it re-encoded as DER with its derived public key. Throws
     * {@link IllegalArgumentException} ({@code "private key: not a EC_P256 key (...)"}) otherwise.
     */
    public static AsymmetricKeyPair fromPrivate(KeyPairType expected, byte[] privatePkcs8) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(privatePkcs8, "privatePkcs8");
        String label = "private key";
        String what = label + ": not a " + expected + " key";
        AsymmetricKeys.Private parsed;
        try {
            parsed = AsymmetricKeys.parsePrivate(privatePkcs8, label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " (" + e.getMessage().substring(label.length() + 2) + ")", e);
        }
        if (parsed.type() != expected) {
            throw new IllegalArgumentException(what + " (found: " + parsed.type() + ")");
        }
        AsymmetricKeyParameter publicKey = AsymmetricKeys.publicOf(parsed.key());
        checkConsistent(parsed.key(), publicKey, PrivateKeyInfo.getInstance(privatePkcs8), what);
        return new AsymmetricKeyPair(AsymmetricKeys.encodePrivate(parsed.key()), AsymmetricKeys.encodePublic(publicKey));
    }

    private static void checkConsistent(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, PrivateKeyInfo info, String what) {
        switch (privateKey) {
            case RSAPrivateCrtKeyParameters rsa -> checkRsa(rsa, what);
            // BouncyCastle's parser already refuses an ML-DSA key whose seed and expanded key differ.
            case MLDSAPrivateKeyParameters mlDsa ->
                    checkEmbeddedPublic(info.getPublicKeyData(), ((MLDSAPublicKeyParameters) publicKey).getEncoded(), what);
            case Ed25519PrivateKeyParameters ed ->
                    checkEmbeddedPublic(info.getPublicKeyData(), ((Ed25519PublicKeyParameters) publicKey).getEncoded(), what);
            case ECPrivateKeyParameters ec -> {
                ASN1BitString embedded;
                try {
                    embedded = ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(what + " (malformed ECPrivateKey)", e);
                }
                if (embedded != null) {
                    ECPoint derived = ((ECPublicKeyParameters) publicKey).getQ();
                    ECPoint point;
                    try {
                        point = ec.getParameters().getCurve().decodePoint(embedded.getOctets());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(what + " (embedded public key is not a point on its curve)", e);
                    }
                    if (!point.equals(derived)) {
                        throw new IllegalArgumentException(what + " (embedded public key does not match the private key)");
                    }
                }
            }
            default -> throw new IllegalArgumentException(what + " (" + privateKey.getClass().getSimpleName() + ")");
        }
    }

    private static void checkEmbeddedPublic(ASN1BitString embedded, byte[] derived, String what) {
        if (embedded != null && !Arrays.equals(embedded.getOctets(), derived)) {
            throw new IllegalArgumentException(what + " (embedded public key does not match the private key)");
        }
    }

    private static void checkRsa(RSAPrivateCrtKeyParameters key, String what) {
        BigInteger p = key.getP();
        BigInteger q = key.getQ();
        BigInteger e = key.getPublicExponent();
        BigInteger d = key.getExponent();
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        boolean consistent = p.multiply(q).equals(key.getModulus())
                && e.multiply(d).mod(p1).equals(BigInteger.ONE)
                && e.multiply(d).mod(q1).equals(BigInteger.ONE)
                && key.getDP().equals(d.mod(p1))
                && key.getDQ().equals(d.mod(q1))
                && key.getQInv().multiply(q).mod(p).equals(BigInteger.ONE);
        if (!consistent) {
            throw new IllegalArgumentException(what + " (RSA CRT values are inconsistent)");
        }
    }
}
