package io.citadel.core.crypto.pki;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.SignInput;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Signs the to-be-signed bytes of a certificate, CRL, CSR or OCSP response with one scheme. The signing function
 * receives the whole message and returns the signature in X.509's encoding (DER for ECDSA), exactly what KMS Sign
 * returns for MessageType RAW, so a CA key held by KMS signs through the same path as one under the barrier. The key's
 * type is part of the signer because ML-DSA's AlgorithmIdentifier names the parameter set (id-ml-dsa-44, -65, -87).
 */
public record CertificateSigner(SignatureScheme scheme, KeyPairType keyType, UnaryOperator<byte[]> signMessage) {

    public CertificateSigner {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(signMessage, "signMessage");
        if (!scheme.supports(keyType)) {
            throw new IllegalArgumentException("signature scheme " + scheme + " does not fit a " + keyType + " key");
        }
        SignatureAlgorithms.identifier(scheme, keyType);
    }

    /** A signer over a PKCS#8 private key held in memory. */
    public static CertificateSigner ofPrivateKey(SignatureScheme scheme, byte[] privatePkcs8, SecureRandom random) {
        Signatures.Signer signer = Signatures.signer(scheme, privatePkcs8);
        return new CertificateSigner(scheme, signer.keyType(), message -> signer.sign(message, SignInput.MESSAGE, random));
    }

    byte[] sign(byte[] message) {
        byte[] signature = signMessage.apply(message);
        if (signature == null || signature.length == 0) {
            throw new IllegalStateException("the signer returned no signature");
        }
        return signature;
    }
}
