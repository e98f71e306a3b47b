package io.citadel.core.crypto.pki;

import io.citadel.core.crypto.SignatureScheme;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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

    static AlgorithmIdentifier identifier(SignatureScheme scheme) {
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
            case ED25519_PH, ML_DSA -> throw new IllegalArgumentException("signature scheme " + scheme + " is not used for X.509 here");
        };
    }

    private static AlgorithmIdentifier pss(ASN1ObjectIdentifier hash, int saltBytes) {
        AlgorithmIdentifier hashId = new AlgorithmIdentifier(hash, DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(hashId,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hashId), new ASN1Integer(saltBytes), new ASN1Integer(1));
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params);
    }
}
