package io.citadel.pca;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.kms.Call;
import io.citadel.kms.KeyPairOperations;
import io.citadel.kms.KeySpec;
import io.citadel.kms.KeyUsage;
import io.citadel.kms.Kms;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * CA keys held by KMS: a CA created with the tag {@value #TAG} signs through KMS Sign (MessageType DIGEST, or
 * EXTERNAL_MU for ML-DSA, so a CRL of any size fits KMS's 4 KB message limit) and its private key never exists outside KMS. The creator must be allowed
 * kms:GetPublicKey and kms:Sign on the key; later signatures (certificates, CRLs, OCSP) are made for the CA's
 * owning account, via acm-pca.
 */
final class KmsKeys {

    /** The Citadel-specific tag on CreateCertificateAuthority that names the KMS key (id, ARN or alias) to use. */
    static final String TAG = "citadel:kms-key-id";

    /** A KMS key bound to a CA: its ARN and public key. */
    record Bound(String keyArn, byte[] publicKey) {
    }

    private final Kms kms;

    KmsKeys(Kms kms) {
        this.kms = kms;
    }

    /** Checks that {@code keyId} is an enabled SIGN_VERIFY key of the CA's KeyAlgorithm the caller may use, and returns it. */
    Bound bind(RequestContext ctx, String keyId, String keyAlgorithm) {
        if (kms == null) {
            throw PcaErrors.invalidArgs("Tags: " + TAG + " names a KMS key, but this node's private CA runs without KMS");
        }
        if (Algorithms.keyType(keyAlgorithm) == KeyPairType.SM2) {
            // KMS's SM2 key spec exists in AWS's China Regions only, and Citadel's KMS does not offer it either
            throw PcaErrors.invalidArgs("Tags: " + TAG + " " + keyId + ": KeyAlgorithm SM2 cannot be held by KMS (KMS KeySpec SM2 is"
                    + " available only in China Regions; omit the tag to keep the CA's SM2 key under the barrier)");
        }
        KeyPairOperations.PublicKey key;
        try {
            key = kms.keyPairs().getPublicKey(ctx, Call.via("acm-pca", ctx.region()), keyId);
        } catch (ServiceException e) {
            if (e.errorCode().code().equals("AccessDeniedException")) {
                throw e;
            }
            throw PcaErrors.invalidArgs("Tags: " + TAG + " " + keyId + ": " + e.errorCode().code() + ": " + e.getMessage());
        }
        KeySpec spec = key.key().keySpec();
        KeyPairType wanted = Algorithms.keyType(keyAlgorithm);
        if (key.key().keyUsage() != KeyUsage.SIGN_VERIFY || spec.pairType() != wanted) {
            throw PcaErrors.invalidArgs("Tags: " + TAG + " " + keyId + " is a " + spec + " " + key.key().keyUsage()
                    + " key (expected: a SIGN_VERIFY key of KeyAlgorithm " + keyAlgorithm + ")");
        }
        return new Bound(key.key().arn(), key.publicKey());
    }

    /**
     * A signer that hashes locally and has KMS sign the digest, as {@code ctx}; for ML-DSA, the local hash is the
     * external mu over the CA's public key {@code publicKey} (KMS MessageType EXTERNAL_MU), so any size still fits.
     */
    CertificateSigner signer(RequestContext ctx, String keyArn, byte[] publicKey, KeyPairType keyType, SignatureScheme scheme) {
        if (kms == null) {
            throw new IllegalStateException("the CA's key is in KMS, but this node's private CA runs without KMS");
        }
        String algorithm = switch (scheme) {
            case RSA_PKCS1_SHA_256 -> "RSASSA_PKCS1_V1_5_SHA_256";
            case RSA_PKCS1_SHA_384 -> "RSASSA_PKCS1_V1_5_SHA_384";
            case RSA_PKCS1_SHA_512 -> "RSASSA_PKCS1_V1_5_SHA_512";
            case ECDSA_SHA_256 -> "ECDSA_SHA_256";
            case ECDSA_SHA_384 -> "ECDSA_SHA_384";
            case ECDSA_SHA_512 -> "ECDSA_SHA_512";
            case ML_DSA -> "ML_DSA_SHAKE_256";
            default -> throw new IllegalArgumentException("signature scheme " + scheme + " is not used by the private CA");
        };
        byte[] spki = publicKey.clone();
        return new CertificateSigner(scheme, keyType, message -> {
            try {
                if (scheme == SignatureScheme.ML_DSA) {
                    byte[] mu = Signatures.mlDsaExternalMu(spki, message);
                    return kms.keyPairs().sign(ctx, Call.via("acm-pca", ctx.region()), keyArn, mu, "EXTERNAL_MU", algorithm, false).signature();
                }
                byte[] digest = MessageDigest.getInstance(hash(scheme)).digest(message);
                return kms.keyPairs().sign(ctx, Call.via("acm-pca", ctx.region()), keyArn, digest, "DIGEST", algorithm, false).signature();
            } catch (ServiceException e) {
                // a disabled, deleted or no longer permitted key: the CA cannot sign until it is usable again
                throw PcaErrors.error(PcaErrors.REQUEST_FAILED, "The certificate authority's KMS key " + keyArn + " cannot sign: "
                        + e.errorCode().code() + ": " + e.getMessage());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String hash(SignatureScheme scheme) {
        return switch (scheme.digestBytes()) {
            case 32 -> "SHA-256";
            case 48 -> "SHA-384";
            default -> "SHA-512";
        };
    }
}
