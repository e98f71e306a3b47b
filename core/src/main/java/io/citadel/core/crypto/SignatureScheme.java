package io.citadel.core.crypto;

/**
 * The signing algorithms KMS offers, one per AWS SigningAlgorithmSpec. Which key types and input kinds each
 * accepts follows AWS KMS: ECDSA pairs each curve with one hash, Ed25519 signs messages only, ML-DSA signs
 * messages or an external mu. SM2DSA (SM2 with SM3, GB/T 32918.2, the default user ID of GM/T 0009) signs messages
 * only: AWS KMS's SM2DSA DIGEST (SM3 of Z and the message, made by the caller) is not offered, since Citadel's KMS has
 * no SM2 keys.
 */
public enum SignatureScheme {
    RSA_PSS_SHA_256(32),
    RSA_PSS_SHA_384(48),
    RSA_PSS_SHA_512(64),
    RSA_PKCS1_SHA_256(32),
    RSA_PKCS1_SHA_384(48),
    RSA_PKCS1_SHA_512(64),
    ECDSA_SHA_256(32),
    ECDSA_SHA_384(48),
    ECDSA_SHA_512(64),
    ED25519(0),
    ED25519_PH(64),
    ML_DSA(0),
    SM2DSA(0);

    /** Bytes of an external mu ({@link SignInput#EXTERNAL_MU}), FIPS 204's 512-bit message representative. */
    public static final int MU_BYTES = 64;

    private final int digestBytes;

    SignatureScheme(int digestBytes) {
        this.digestBytes = digestBytes;
    }

    /** Bytes of the digest a {@link SignInput#DIGEST} input must have (ED25519_PH: SHA-512); 0 when there is no digest mode. */
    public int digestBytes() {
        return digestBytes;
    }

    /** Whether AWS KMS offers this scheme for keys of {@code type}. */
    public boolean supports(KeyPairType type) {
        return switch (this) {
            case RSA_PSS_SHA_256, RSA_PSS_SHA_384, RSA_PSS_SHA_512, RSA_PKCS1_SHA_256, RSA_PKCS1_SHA_384, RSA_PKCS1_SHA_512 ->
                    type.family() == KeyPairType.Family.RSA;
            case ECDSA_SHA_256 -> type == KeyPairType.EC_P256 || type == KeyPairType.EC_SECP256K1;
            case ECDSA_SHA_384 -> type == KeyPairType.EC_P384;
            case ECDSA_SHA_512 -> type == KeyPairType.EC_P521;
            case ED25519, ED25519_PH -> type == KeyPairType.ED25519;
            case ML_DSA -> type.family() == KeyPairType.Family.ML_DSA;
            case SM2DSA -> type == KeyPairType.SM2;
        };
    }

    /** Whether this scheme accepts input of that kind. */
    public boolean accepts(SignInput kind) {
        return switch (kind) {
            case MESSAGE -> true;
            case DIGEST -> digestBytes > 0;
            case EXTERNAL_MU -> this == ML_DSA;
        };
    }
}
