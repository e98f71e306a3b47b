package io.citadel.core.crypto;

import java.util.Objects;

/**
 * An encoded key pair: the private key as PKCS#8 DER, the public key as X.509 SubjectPublicKeyInfo DER (what
 * AWS GetPublicKey returns). Named apart from {@link Ed25519.EncodedKeyPair}, which the audit trail uses.
 */
public record AsymmetricKeyPair(byte[] privatePkcs8, byte[] publicSpki) {

    public AsymmetricKeyPair {
        Objects.requireNonNull(privatePkcs8, "privatePkcs8");
        Objects.requireNonNull(publicSpki, "publicSpki");
    }

    /** Names only the public key's size, so that logging a pair never prints anything about the private key. */
    @Override
    public String toString() {
        return "AsymmetricKeyPair[publicSpki=" + publicSpki.length + " bytes]";
    }
}
