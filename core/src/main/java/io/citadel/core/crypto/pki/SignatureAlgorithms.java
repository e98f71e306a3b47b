package io.citadel.core.crypto.pki;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.SignatureScheme;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/** The X.509 AlgorithmIdentifier of each signature scheme a CA may use. */
final class SignatureAlgorithms {

    private SignatureAlgorithms() {
    }

    /**
     * The identifier of {@code scheme} with a key of {@code keyType}. ML-DSA is pure ML-DSA with the empty context,
     * identified by its parameter set with the parameters absent (RFC 9881 section 2). SM2DSA is SM2-with-SM3
     * (1.2.156.10197.1.501, GM/T 0006) with the parameters absent, as OpenSSL and BouncyCastle write it.
     */
    static AlgorithmIdentifier identifier(SignatureScheme scheme, KeyPairType keyType) {
        return switch (scheme) {
            case RSA_PKCS1_SHA_256 -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
            case RSA_PKCS1_SHA_384 -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption, DERNull.INSTANCE);
            case RSA_PKCS1_SHA_512 -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha512WithRSAEncryption, DERNull.INSTANCE);
            case RSA_PSS_SHA_256 -> pss(NISTObjectIdentifiers.id_sha256, 32);
            case RSA_PSS_SHA_384 -> pss(NISTObjectIdentifiers.id_sha384, 48);
            case RSA_PSS_SHA_512 -> pss(NISTObjectIdentifiers.id_sha512, 64);
            case ECDSA_SHA_256 -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            case ECDSA_SHA_384 -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
            case ECDSA_SHA_512 -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512);
            case ED25519 -> new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            case ML_DSA -> switch (keyType) {
                case ML_DSA_44 -> new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_44);
                case ML_DSA_65 -> new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_65);
                case ML_DSA_87 -> new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_87);
                default -> throw new IllegalArgumentException("signature scheme ML_DSA with a " + keyType + " key");
            };
            case SM2DSA -> new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
            case ED25519_PH -> throw new IllegalArgumentException("signature scheme " + scheme + " is not used for X.509 here");
        };
    }

    private static AlgorithmIdentifier pss(ASN1ObjectIdentifier hash, int saltBytes) {
        AlgorithmIdentifier hashId = new AlgorithmIdentifier(hash, DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(hashId,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hashId), new ASN1Integer(saltBytes), new ASN1Integer(1));
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params);
    }
}
