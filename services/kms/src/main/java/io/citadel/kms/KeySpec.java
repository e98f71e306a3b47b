package io.citadel.kms;

import io.citadel.core.crypto.KeyPairType;
import java.util.List;
import java.util.Map;

/**
 * The key specs Citadel creates (KeySpec), the key usages each allows, and the algorithms
 * DescribeKey reports for each usage, exactly as AWS lists them.
 */
public enum KeySpec {
    SYMMETRIC_DEFAULT(null, Map.of(KeyUsage.ENCRYPT_DECRYPT, List.of("SYMMETRIC_DEFAULT"))),
    RSA_2048(KeyPairType.RSA_2048, rsa()),
    RSA_3072(KeyPairType.RSA_3072, rsa()),
    RSA_4096(KeyPairType.RSA_4096, rsa()),
    ECC_NIST_P256(KeyPairType.EC_P256, ecc("ECDSA_SHA_256", true)),
    ECC_NIST_P384(KeyPairType.EC_P384, ecc("ECDSA_SHA_384", true)),
    ECC_NIST_P521(KeyPairType.EC_P521, ecc("ECDSA_SHA_512", true)),
    ECC_SECG_P256K1(KeyPairType.EC_SECP256K1, ecc("ECDSA_SHA_256", false)),
    ECC_NIST_EDWARDS25519(KeyPairType.ED25519, Map.of(KeyUsage.SIGN_VERIFY, List.of("ED25519_SHA_512", "ED25519_PH_SHA_512"))),
    ML_DSA_44(KeyPairType.ML_DSA_44, Map.of(KeyUsage.SIGN_VERIFY, List.of("ML_DSA_SHAKE_256"))),
    ML_DSA_65(KeyPairType.ML_DSA_65, Map.of(KeyUsage.SIGN_VERIFY, List.of("ML_DSA_SHAKE_256"))),
    ML_DSA_87(KeyPairType.ML_DSA_87, Map.of(KeyUsage.SIGN_VERIFY, List.of("ML_DSA_SHAKE_256"))),
    HMAC_224(null, Map.of(KeyUsage.GENERATE_VERIFY_MAC, List.of("HMAC_SHA_224"))),
    HMAC_256(null, Map.of(KeyUsage.GENERATE_VERIFY_MAC, List.of("HMAC_SHA_256"))),
    HMAC_384(null, Map.of(KeyUsage.GENERATE_VERIFY_MAC, List.of("HMAC_SHA_384"))),
    HMAC_512(null, Map.of(KeyUsage.GENERATE_VERIFY_MAC, List.of("HMAC_SHA_512")));

    private final KeyPairType pairType;
    private final Map<KeyUsage, List<String>> algorithms;

    KeySpec(KeyPairType pairType, Map<KeyUsage, List<String>> algorithms) {
        this.pairType = pairType;
        this.algorithms = algorithms;
    }

    private static Map<KeyUsage, List<String>> rsa() {
        return Map.of(
                KeyUsage.ENCRYPT_DECRYPT, List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"),
                KeyUsage.SIGN_VERIFY, List.of("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
                        "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"));
    }

    private static Map<KeyUsage, List<String>> ecc(String signing, boolean keyAgreement) {
        return keyAgreement
                ? Map.of(KeyUsage.SIGN_VERIFY, List.of(signing), KeyUsage.KEY_AGREEMENT, List.of("ECDH"))
                : Map.of(KeyUsage.SIGN_VERIFY, List.of(signing));
    }

    /** The key pair behind an asymmetric spec; null for symmetric and HMAC keys. */
    public KeyPairType pairType() {
        return pairType;
    }

    public boolean isAsymmetric() {
        return pairType != null;
    }

    public boolean isHmac() {
        return name().startsWith("HMAC_");
    }

    public boolean allows(KeyUsage usage) {
        return algorithms.containsKey(usage);
    }

    /** The algorithms of {@code usage} (empty when the spec does not allow it). */
    public List<String> algorithms(KeyUsage usage) {
        return algorithms.getOrDefault(usage, List.of());
    }

    /** Bytes of an HMAC key of this spec (AWS: key length equals the digest length). */
    public int hmacKeyBytes() {
        return switch (this) {
            case HMAC_224 -> 28;
            case HMAC_256 -> 32;
            case HMAC_384 -> 48;
            case HMAC_512 -> 64;
            default -> throw new IllegalStateException(this + " is not an HMAC key spec");
        };
    }
}
