package io.citadel.core.crypto;

/**
 * The asymmetric key pair families KMS offers, one per AWS key spec: RSA by modulus size, elliptic curves by
 * name, Ed25519, and ML-DSA (FIPS 204) by security level. SM2 is an EC key on the sm2p256v1 curve (GB/T 32918,
 * OID 1.2.156.10197.1.301), which AWS offers in its China Regions only; Citadel's KMS has no SM2 keys, its
 * private CA does.
 */
public enum KeyPairType {
    RSA_2048(Family.RSA, 2048),
    RSA_3072(Family.RSA, 3072),
    RSA_4096(Family.RSA, 4096),
    EC_P256(Family.EC, 0),
    EC_P384(Family.EC, 0),
    EC_P521(Family.EC, 0),
    EC_SECP256K1(Family.EC, 0),
    SM2(Family.EC, 0),
    ED25519(Family.ED25519, 0),
    ML_DSA_44(Family.ML_DSA, 0),
    ML_DSA_65(Family.ML_DSA, 0),
    ML_DSA_87(Family.ML_DSA, 0);

    /** The algorithm a key pair belongs to, whatever its size or curve. */
    public enum Family { RSA, EC, ED25519, ML_DSA }

    private final Family family;
    private final int modulusBits;

    KeyPairType(Family family, int modulusBits) {
        this.family = family;
        this.modulusBits = modulusBits;
    }

    public Family family() {
        return family;
    }

    /** The RSA modulus size in bits; 0 for the other families. */
    public int modulusBits() {
        return modulusBits;
    }
}
