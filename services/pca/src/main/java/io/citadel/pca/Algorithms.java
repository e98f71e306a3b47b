package io.citadel.pca;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.SignatureScheme;

/** AWS PCA's KeyAlgorithm and SigningAlgorithm names mapped to the core's key types and signature schemes. */
final class Algorithms {

    private Algorithms() {
    }

    static KeyPairType keyType(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA_2048" -> KeyPairType.RSA_2048;
            case "RSA_3072" -> KeyPairType.RSA_3072;
            case "RSA_4096" -> KeyPairType.RSA_4096;
            case "EC_prime256v1" -> KeyPairType.EC_P256;
            case "EC_secp384r1" -> KeyPairType.EC_P384;
            case "EC_secp521r1" -> KeyPairType.EC_P521;
            case "ML_DSA_44" -> KeyPairType.ML_DSA_44;
            case "ML_DSA_65" -> KeyPairType.ML_DSA_65;
            case "ML_DSA_87" -> KeyPairType.ML_DSA_87;
            case "SM2" -> KeyPairType.SM2;
            default -> throw PcaErrors.invalidArgs("KeyAlgorithm: " + keyAlgorithm
                    + " (supported here: RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1, ML_DSA_44, ML_DSA_65, ML_DSA_87, SM2)");
        };
    }

    static SignatureScheme scheme(String signingAlgorithm) {
        return switch (signingAlgorithm) {
            case "SHA256WITHRSA" -> SignatureScheme.RSA_PKCS1_SHA_256;
            case "SHA384WITHRSA" -> SignatureScheme.RSA_PKCS1_SHA_384;
            case "SHA512WITHRSA" -> SignatureScheme.RSA_PKCS1_SHA_512;
            case "SHA256WITHECDSA" -> SignatureScheme.ECDSA_SHA_256;
            case "SHA384WITHECDSA" -> SignatureScheme.ECDSA_SHA_384;
            case "SHA512WITHECDSA" -> SignatureScheme.ECDSA_SHA_512;
            case "ML_DSA_44", "ML_DSA_65", "ML_DSA_87" -> SignatureScheme.ML_DSA;
            case "SM3WITHSM2" -> SignatureScheme.SM2DSA;
            default -> throw PcaErrors.invalidArgs("SigningAlgorithm: " + signingAlgorithm
                    + " (supported here: SHA256WITHRSA, SHA384WITHRSA, SHA512WITHRSA, SHA256WITHECDSA, SHA384WITHECDSA, SHA512WITHECDSA,"
                    + " ML_DSA_44, ML_DSA_65, ML_DSA_87, SM3WITHSM2)");
        };
    }

    /**
     * The scheme for {@code signingAlgorithm} with a CA key of {@code keyAlgorithm}; refuses a pair the key cannot sign.
     * An ML-DSA key signs only with the signing algorithm of its own parameter set (ML_DSA_65 with ML_DSA_65), an SM2
     * key only with SM3WITHSM2, and SM3WITHSM2 needs an SM2 key.
     */
    static SignatureScheme schemeFor(String keyAlgorithm, String signingAlgorithm) {
        KeyPairType type = keyType(keyAlgorithm);
        SignatureScheme scheme = scheme(signingAlgorithm);
        boolean fits = scheme == SignatureScheme.ML_DSA ? signingAlgorithm.equals(keyAlgorithm) : scheme.supports(type);
        if (!fits) {
            String expected = switch (type) {
                case EC_P256 -> "SHA256WITHECDSA";
                case EC_P384 -> "SHA384WITHECDSA";
                case EC_P521 -> "SHA512WITHECDSA";
                case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> keyAlgorithm;
                case SM2 -> "SM3WITHSM2";
                default -> "SHA256WITHRSA, SHA384WITHRSA or SHA512WITHRSA";
            };
            throw PcaErrors.invalidArgs("SigningAlgorithm " + signingAlgorithm + " does not fit KeyAlgorithm " + keyAlgorithm
                    + " (expected: " + expected + ")");
        }
        return scheme;
    }
}
