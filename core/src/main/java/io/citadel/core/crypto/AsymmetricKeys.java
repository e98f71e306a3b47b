package io.citadel.core.crypto;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * PKCS#8 and X.509 SubjectPublicKeyInfo DER to BouncyCastle key parameters and back, for the key types of
 * {@link KeyPairType} only: an allow-list of algorithm identifiers, named curves, three RSA sizes and the pure
 * ML-DSA levels, so that nothing else reaches a signer.
 */
final class AsymmetricKeys {

    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private static final Map<ASN1ObjectIdentifier, KeyPairType> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, KeyPairType.EC_P256,
            SECObjectIdentifiers.secp384r1, KeyPairType.EC_P384,
            SECObjectIdentifiers.secp521r1, KeyPairType.EC_P521,
            SECObjectIdentifiers.secp256k1, KeyPairType.EC_SECP256K1,
            GMObjectIdentifiers.sm2p256v1, KeyPairType.SM2);

    /** Pure ML-DSA only: HashML-DSA keys (id-hash-ml-dsa-*) are another algorithm. */
    private static final Set<ASN1ObjectIdentifier> ML_DSA_LEVELS = Set.of(
            NISTObjectIdentifiers.id_ml_dsa_44, NISTObjectIdentifiers.id_ml_dsa_65, NISTObjectIdentifiers.id_ml_dsa_87);

    private AsymmetricKeys() {
    }

    /** A parsed private key and the type it was found to be. */
    record Private(KeyPairType type, AsymmetricKeyParameter key) {
    }

    /** A parsed public key and the type it was found to be. */
    record Public(KeyPairType type, AsymmetricKeyParameter key) {
    }

    /** Parses PKCS#8 DER; {@code what} names the key in the {@link IllegalArgumentException} it throws otherwise. */
    static Private parsePrivate(byte[] pkcs8, String what) {
        Objects.requireNonNull(pkcs8, what);
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(pkcs8);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": not PKCS#8 DER", e);
        }
        if (info == null) {
            throw new IllegalArgumentException(what + ": not PKCS#8 DER");
        }
        KeyPairType.Family family = familyOf(info.getPrivateKeyAlgorithm(), what);
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + ": malformed " + family + " private key", e);
        }
        return new Private(checkedType(family, key, true, what), key);
    }

    /** Parses X.509 SubjectPublicKeyInfo DER; {@code what} names the key in the {@link IllegalArgumentException} it throws otherwise. */
    static Public parsePublic(byte[] spki, String what) {
        Objects.requireNonNull(spki, what);
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(spki);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": not X.509 SubjectPublicKeyInfo DER", e);
        }
        if (info == null) {
            throw new IllegalArgumentException(what + ": not X.509 SubjectPublicKeyInfo DER");
        }
        KeyPairType.Family family = familyOf(info.getAlgorithm(), what);
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            String problem = family == KeyPairType.Family.EC ? "invalid EC point" : "malformed " + family + " public key";
            throw new IllegalArgumentException(what + ": " + problem, e);
        }
        return new Public(checkedType(family, key, false, what), key);
    }

    /** The public half of a parsed private key. */
    static AsymmetricKeyParameter publicOf(AsymmetricKeyParameter privateKey) {
        return switch (privateKey) {
            case RSAPrivateCrtKeyParameters rsa -> new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            case ECPrivateKeyParameters ec -> new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(), ec.getParameters());
            case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
            case MLDSAPrivateKeyParameters mlDsa -> mlDsa.getPublicKeyParameters();
            default -> throw new IllegalArgumentException("private key: " + privateKey.getClass().getSimpleName() + " not supported");
        };
    }

    /** PKCS#8 DER of a private key; ML-DSA keys that have a seed are written in the seed-only form RFC 9881 recommends. */
    static byte[] encodePrivate(AsymmetricKeyParameter privateKey) {
        AsymmetricKeyParameter key = privateKey;
        if (privateKey instanceof MLDSAPrivateKeyParameters mlDsa && mlDsa.getSeed() != null) {
            key = mlDsa.withPreferredFormat(MLDSAPrivateKeyParameters.SEED_ONLY);
        }
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("PKCS#8 encoding failed for " + privateKey.getClass().getSimpleName(), e);
        }
    }

    static byte[] encodePublic(AsymmetricKeyParameter publicKey) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("SubjectPublicKeyInfo encoding failed for " + publicKey.getClass().getSimpleName(), e);
        }
    }

    /** The named-curve identifier of an EC key type. */
    static ASN1ObjectIdentifier curve(KeyPairType type) {
        return CURVES.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("key type: " + type + " (expected: an EC type)"));
    }

    /** The ML-DSA parameter set of an ML-DSA key type. */
    static MLDSAParameters mlDsaParameters(KeyPairType type) {
        return switch (type) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
            default -> throw new IllegalArgumentException("key type: " + type + " (expected: an ML_DSA type)");
        };
    }

    /** The family an algorithm identifier names; EC curves and ML-DSA levels outside {@link KeyPairType} are refused here. */
    private static KeyPairType.Family familyOf(AlgorithmIdentifier algorithm, String what) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return KeyPairType.Family.RSA;
        }
        if (oid.equals(ID_ED25519)) {
            return KeyPairType.Family.ED25519;
        }
        if (ML_DSA_LEVELS.contains(oid)) {
            return KeyPairType.Family.ML_DSA;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable parameters = algorithm.getParameters();
            if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
                throw new IllegalArgumentException(what + ": EC key without a named curve (explicit parameters are not accepted)");
            }
            if (!CURVES.containsKey(curve)) {
                throw new IllegalArgumentException(what + ": EC curve " + curve + " (expected: P-256, P-384, P-521, secp256k1 or sm2p256v1)");
            }
            return KeyPairType.Family.EC;
        }
        throw new IllegalArgumentException(what + ": algorithm " + oid + " (expected: RSA, EC, Ed25519 or ML-DSA)");
    }

    /** The type of a parsed key, or null when it is not one of {@link KeyPairType} (a private RSA key without CRT values, say). */
    private static KeyPairType typeOf(AsymmetricKeyParameter key, String what) {
        return switch (key) {
            case RSAPrivateCrtKeyParameters rsa -> rsaType(rsa, what);
            case RSAKeyParameters rsa -> rsa.isPrivate() ? null : rsaType(rsa, what);
            case ECKeyParameters ec -> ec.getParameters() instanceof ECNamedDomainParameters named ? CURVES.get(named.getName()) : null;
            case Ed25519PrivateKeyParameters ed -> KeyPairType.ED25519;
            case Ed25519PublicKeyParameters ed -> KeyPairType.ED25519;
            case MLDSAKeyParameters mlDsa -> mlDsaType(mlDsa);
            default -> null;
        };
    }

    private static KeyPairType checkedType(KeyPairType.Family family, AsymmetricKeyParameter key, boolean isPrivate, String what) {
        KeyPairType type = key.isPrivate() == isPrivate ? typeOf(key, what) : null;
        if (type == null || type.family() != family) {
            throw new IllegalArgumentException(what + ": malformed " + family + " " + (isPrivate ? "private" : "public") + " key");
        }
        return type;
    }

    private static KeyPairType rsaType(RSAKeyParameters rsa, String what) {
        int bits = rsa.getModulus().bitLength();
        for (KeyPairType type : KeyPairType.values()) {
            if (type.family() == KeyPairType.Family.RSA && type.modulusBits() == bits) {
                return type;
            }
        }
        throw new IllegalArgumentException(what + ": RSA modulus of " + bits + " bits (expected: 2048, 3072 or 4096)");
    }

    private static KeyPairType mlDsaType(MLDSAKeyParameters key) {
        MLDSAParameters parameters = key.getParameters();
        if (parameters == MLDSAParameters.ml_dsa_44) {
            return KeyPairType.ML_DSA_44;
        }
        if (parameters == MLDSAParameters.ml_dsa_65) {
            return KeyPairType.ML_DSA_65;
        }
        if (parameters == MLDSAParameters.ml_dsa_87) {
            return KeyPairType.ML_DSA_87;
        }
        return null;
    }
}
