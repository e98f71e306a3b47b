package io.citadel.core.crypto;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.util.BigIntegers;

/**
 * Elliptic-curve Diffie-Hellman as KMS DeriveSharedSecret's ECDH returns it: the raw x-coordinate of the shared
 * point, left-padded to the field size. The peer key must be a valid point on the private key's curve.
 */
public final class Ecdh {

    private Ecdh() {
    }

    /**
     * The shared secret of a PKCS#8 EC private key and a SubjectPublicKeyInfo peer key; throws
     * {@link IllegalArgumentException} naming the problem (not an EC key, another curve, an invalid point).
     */
    public static byte[] deriveSharedSecret(byte[] privatePkcs8, byte[] peerPublicSpki) {
        Objects.requireNonNull(privatePkcs8, "privatePkcs8");
        Objects.requireNonNull(peerPublicSpki, "peerPublicSpki");
        AsymmetricKeys.Private own = AsymmetricKeys.parsePrivate(privatePkcs8, "ECDH private key");
        if (own.type().family() != KeyPairType.Family.EC) {
            throw new IllegalArgumentException("ECDH private key: not an EC key (found: " + own.type() + ")");
        }
        AsymmetricKeys.Public peer = AsymmetricKeys.parsePublic(peerPublicSpki, "ECDH peer public key");
        if (peer.type().family() != KeyPairType.Family.EC) {
            throw new IllegalArgumentException("ECDH peer public key: not an EC key (found: " + peer.type() + ")");
        }
        if (peer.type() != own.type()) {
            throw new IllegalArgumentException("ECDH peer public key: curve " + peer.type() + " (expected: " + own.type()
                    + ", the private key's curve)");
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own.key());
        BigInteger x;
        try {
            x = agreement.calculateAgreement(peer.key());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("ECDH peer public key: shared point is the point at infinity", e);
        }
        return BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), x);
    }
}
