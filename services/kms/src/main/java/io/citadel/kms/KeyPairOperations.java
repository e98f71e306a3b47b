package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.Ecdh;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignInput;
import io.citadel.core.crypto.SignatureScheme;
import java.util.Map;

/**
 * The asymmetric operations: Sign, Verify, GetPublicKey, DeriveSharedSecret, and
 * GenerateDataKeyPair (a fresh key pair whose private key is encrypted under a symmetric KMS key).
 * Messages, digests and algorithms are checked against each key spec's limits as AWS documents.
 */
public final class KeyPairOperations {

    static final int MAX_MESSAGE = 4096;

    /** Sign's and Verify's result. */
    public record Signed(String keyArn, byte[] signature, boolean valid, String algorithm) {
    }

    /** GetPublicKey's result. */
    public record PublicKey(KmsKey key, byte[] publicKey) {
    }

    /** GenerateDataKeyPair's result. */
    public record DataKeyPair(String keyArn, byte[] privateCiphertext, byte[] privatePlaintext, byte[] publicKey, String spec,
                              String materialId) {
    }

    /** DeriveSharedSecret's result. */
    public record SharedSecret(KmsKey key, byte[] secret) {
    }

    private final KmsEnvironment env;

    KeyPairOperations(KmsEnvironment env) {
        this.env = env;
    }

    public Signed sign(RequestContext ctx, Call call, String keyId, byte[] message, String messageType, String algorithm,
                       boolean dryRun) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "Sign", "Sign", call, null, r -> {
            r.put("kms:SigningAlgorithm", algorithm);
            r.put("kms:MessageType", messageType == null ? "RAW" : messageType);
        });
        KmsKey key = signingKey(resolved, algorithm, "Sign");
        SignInput input = input(messageType, algorithm, message);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        byte[] signature = env.materials.signer(key, env.currentMaterial(key), scheme(algorithm)).sign(message, input, env.random);
        env.usage.record(key, "Sign", ctx);
        return new Signed(key.arn(), signature, true, algorithm);
    }

    /** Verify: true, or KMSInvalidSignatureException (AWS never answers false). */
    public Signed verify(RequestContext ctx, Call call, String keyId, byte[] message, String messageType, byte[] signature,
                         String algorithm, boolean dryRun) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "Verify", "Verify", call, null, r -> {
            r.put("kms:SigningAlgorithm", algorithm);
            r.put("kms:MessageType", messageType == null ? "RAW" : messageType);
        });
        KmsKey key = signingKey(resolved, algorithm, "Verify");
        SignInput input = input(messageType, algorithm, message);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        if (!env.materials.verifier(key, env.currentMaterial(key), scheme(algorithm)).verify(message, input, signature)) {
            throw KmsErrors.error(KmsErrors.INVALID_SIGNATURE, "The signature is not valid for the given message and key.");
        }
        env.usage.record(key, "Verify", ctx);
        return new Signed(key.arn(), null, true, algorithm);
    }

    private static KmsKey signingKey(ResolvedKey resolved, String algorithm, String operation) {
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.SIGN_VERIFY, operation);
        if (!key.keySpec().algorithms(KeyUsage.SIGN_VERIFY).contains(algorithm)) {
            throw KmsErrors.invalidKeyUsage("SigningAlgorithm " + algorithm + " is not supported by " + key.arn() + " (expected: "
                    + key.keySpec().algorithms(KeyUsage.SIGN_VERIFY) + ")");
        }
        return key;
    }

    /**
     * MessageType rules: RAW up to 4,096 bytes; DIGEST exactly the algorithm's digest length; EXTERNAL_MU 64 bytes
     * for ML-DSA; ED25519_SHA_512 takes RAW only and ED25519_PH_SHA_512 DIGEST only.
     */
    static SignInput input(String messageType, String algorithm, byte[] message) {
        String type = messageType == null ? "RAW" : messageType;
        SignatureScheme scheme = scheme(algorithm);
        switch (type) {
            case "RAW" -> {
                if (scheme == SignatureScheme.ED25519_PH) {
                    throw KmsErrors.validation("MessageType RAW is not supported with " + algorithm + " (expected: DIGEST)");
                }
                if (message.length < 1 || message.length > MAX_MESSAGE) {
                    throw KmsErrors.validation("Message: " + message.length + " bytes (expected: 1.." + MAX_MESSAGE
                            + " for MessageType RAW; sign a DIGEST of longer messages)");
                }
                return SignInput.MESSAGE;
            }
            case "DIGEST" -> {
                if (scheme == SignatureScheme.ED25519 || scheme == SignatureScheme.ML_DSA) {
                    throw KmsErrors.validation("MessageType DIGEST is not supported with " + algorithm);
                }
                if (message.length != scheme.digestBytes()) {
                    throw KmsErrors.validation("Digest is invalid length for algorithm " + algorithm + ": " + message.length
                            + " bytes (expected: " + scheme.digestBytes() + ")");
                }
                // AWS: with ED25519_PH_SHA_512 KMS still applies the SHA-512 prehash (FIPS 186-5 7.8.1 step 1) to the
                // digest it is given, so the caller's digest is the Ed25519ph message: hashed twice.
                return scheme == SignatureScheme.ED25519_PH ? SignInput.MESSAGE : SignInput.DIGEST;
            }
            case "EXTERNAL_MU" -> {
                if (scheme != SignatureScheme.ML_DSA) {
                    throw KmsErrors.validation("MessageType EXTERNAL_MU is supported only with ML_DSA_SHAKE_256");
                }
                if (message.length != SignatureScheme.MU_BYTES) {
                    throw KmsErrors.validation("Message: " + message.length + " bytes (expected: " + SignatureScheme.MU_BYTES
                            + " for MessageType EXTERNAL_MU)");
                }
                return SignInput.EXTERNAL_MU;
            }
            default -> throw KmsErrors.validation("MessageType: " + type + " (expected: RAW, DIGEST or EXTERNAL_MU)");
        }
    }

    static SignatureScheme scheme(String algorithm) {
        return switch (algorithm) {
            case "RSASSA_PSS_SHA_256" -> SignatureScheme.RSA_PSS_SHA_256;
            case "RSASSA_PSS_SHA_384" -> SignatureScheme.RSA_PSS_SHA_384;
            case "RSASSA_PSS_SHA_512" -> SignatureScheme.RSA_PSS_SHA_512;
            case "RSASSA_PKCS1_V1_5_SHA_256" -> SignatureScheme.RSA_PKCS1_SHA_256;
            case "RSASSA_PKCS1_V1_5_SHA_384" -> SignatureScheme.RSA_PKCS1_SHA_384;
            case "RSASSA_PKCS1_V1_5_SHA_512" -> SignatureScheme.RSA_PKCS1_SHA_512;
            case "ECDSA_SHA_256" -> SignatureScheme.ECDSA_SHA_256;
            case "ECDSA_SHA_384" -> SignatureScheme.ECDSA_SHA_384;
            case "ECDSA_SHA_512" -> SignatureScheme.ECDSA_SHA_512;
            case "ED25519_SHA_512" -> SignatureScheme.ED25519;
            case "ED25519_PH_SHA_512" -> SignatureScheme.ED25519_PH;
            case "ML_DSA_SHAKE_256" -> SignatureScheme.ML_DSA;
            default -> throw KmsErrors.validation("SigningAlgorithm: " + algorithm + " (not supported)");
        };
    }

    public PublicKey getPublicKey(RequestContext ctx, Call call, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "GetPublicKey", "GetPublicKey", call, null, null);
        KmsKey key = resolved.key();
        if (!key.keySpec().isAsymmetric()) {
            throw KmsErrors.unsupported(key.arn() + " is a " + key.keySpec() + " key; GetPublicKey needs an asymmetric key");
        }
        KeyStates.requireEnabled(key);
        return new PublicKey(key, env.currentMaterial(key).publicKey());
    }

    public SharedSecret deriveSharedSecret(RequestContext ctx, Call call, String keyId, String algorithm, byte[] peerPublicKey,
                                           boolean dryRun) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "DeriveSharedSecret", "DeriveSharedSecret", call, null,
                r -> r.put("kms:KeyAgreementAlgorithm", algorithm));
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.KEY_AGREEMENT, "DeriveSharedSecret");
        if (!"ECDH".equals(algorithm)) {
            throw KmsErrors.validation("KeyAgreementAlgorithm: " + algorithm + " (expected: ECDH)");
        }
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        byte[] secret;
        try {
            secret = Ecdh.deriveSharedSecret(env.currentMaterial(key).secret(), peerPublicKey);
        } catch (IllegalArgumentException e) {
            throw KmsErrors.validation("PublicKey: " + e.getMessage());
        }
        env.usage.record(key, "DeriveSharedSecret", ctx);
        return new SharedSecret(key, secret);
    }

    /** GenerateDataKeyPair (withPlaintext) and GenerateDataKeyPairWithoutPlaintext. */
    public DataKeyPair generateDataKeyPair(RequestContext ctx, Call call, String keyId, Map<String, String> context,
                                           String keyPairSpec, boolean withPlaintext, boolean dryRun) {
        KeyPairType type = pairType(keyPairSpec);
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        EncryptionContext.validate(context);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, operation, operation, call, context, r -> {
            r.put("kms:DataKeyPairSpec", keyPairSpec);
            r.put("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        });
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, operation);
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsErrors.invalidKeyUsage(operation + " requires a symmetric encryption KMS key; " + key.arn() + " is " + key.keySpec());
        }
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        AsymmetricKeyPair pair = KeyPairs.generate(type, env.random);
        KeyMaterial material = env.currentMaterial(key);
        byte[] blob = SymmetricCiphertext.encrypt(env.random, key.keyId(), key.accountId(), material.version(), material.secret(),
                pair.privatePkcs8(), context);
        env.usage.record(key, operation, ctx);
        if (!withPlaintext) {
            java.util.Arrays.fill(pair.privatePkcs8(), (byte) 0);
        }
        return new DataKeyPair(key.arn(), blob, withPlaintext ? pair.privatePkcs8() : null, pair.publicSpki(), keyPairSpec,
                material.materialId());
    }

    private static KeyPairType pairType(String spec) {
        return switch (spec == null ? "" : spec) {
            case "RSA_2048" -> KeyPairType.RSA_2048;
            case "RSA_3072" -> KeyPairType.RSA_3072;
            case "RSA_4096" -> KeyPairType.RSA_4096;
            case "ECC_NIST_P256" -> KeyPairType.EC_P256;
            case "ECC_NIST_P384" -> KeyPairType.EC_P384;
            case "ECC_NIST_P521" -> KeyPairType.EC_P521;
            case "ECC_SECG_P256K1" -> KeyPairType.EC_SECP256K1;
            case "ECC_NIST_EDWARDS25519" -> KeyPairType.ED25519;
            case "SM2" -> throw KmsErrors.unsupported("KeyPairSpec SM2 is available only in China Regions");
            default -> throw KmsErrors.validation("KeyPairSpec: " + spec + " (expected: an RSA or ECC key pair spec)");
        };
    }

}
