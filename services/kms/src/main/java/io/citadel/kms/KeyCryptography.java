package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.Hmacs;
import io.citadel.core.crypto.HmacAlgorithm;
import io.citadel.core.crypto.OaepHash;
import io.citadel.core.crypto.RsaOaep;
import java.util.Map;


/**
 * Encrypt, Decrypt, ReEncrypt, the data-key operations, GenerateRandom and the HMAC operations.
 * Each resolves the key, asks {@link KmsAccess} (key policy, identity policies, grants), checks the
 * key's state and usage, then does the cryptography; every decrypt failure reads the same.
 */
public final class KeyCryptography {

    static final int MAX_PLAINTEXT = 4096;
    static final int MAX_DATA_KEY = 1024;

    /** Encrypt's and GenerateDataKey's result. */
    public record Encrypted(String keyArn, byte[] ciphertext, String algorithm, byte[] plaintext, String materialId) {
    }

    /** Decrypt's result. */
    public record Decrypted(String keyArn, byte[] plaintext, String algorithm, String materialId) {
    }

    /** ReEncrypt's result. */
    public record ReEncrypted(byte[] ciphertext, String sourceKeyArn, String keyArn, String sourceAlgorithm,
                              String destinationAlgorithm, String sourceMaterialId, String destinationMaterialId) {
    }

    /** GenerateMac's result. */
    public record Mac(String keyArn, byte[] mac, String algorithm) {
    }

    private final KmsEnvironment env;

    KeyCryptography(KmsEnvironment env) {
        this.env = env;
    }

    public Encrypted encrypt(RequestContext ctx, Call call, String keyId, byte[] plaintext, Map<String, String> context,
                             String algorithm, boolean dryRun) {
        checkBytes("Plaintext", plaintext, MAX_PLAINTEXT);
        EncryptionContext.validate(context);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "Encrypt", "Encrypt", call, context,
                r -> r.put("kms:EncryptionAlgorithm", algorithm == null ? "SYMMETRIC_DEFAULT" : algorithm));
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, "Encrypt");
        String alg = encryptionAlgorithm(key, algorithm);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        Encrypted result = encryptWith(key, plaintext, context, alg);
        env.usage.record(key, "Encrypt", ctx);
        return result;
    }

    private Encrypted encryptWith(KmsKey key, byte[] plaintext, Map<String, String> context, String algorithm) {
        KeyMaterial material = env.currentMaterial(key);
        if (algorithm.equals("SYMMETRIC_DEFAULT")) {
            byte[] blob = SymmetricCiphertext.encrypt(env.random, key.keyId(), key.accountId(), material.version(),
                    material.secret(), plaintext, context);
            return new Encrypted(key.arn(), blob, algorithm, null, material.materialId());
        }
        if (context != null && !context.isEmpty()) {
            throw KmsErrors.validation("EncryptionContext is not supported with asymmetric KMS keys (algorithm " + algorithm + ")");
        }
        OaepHash hash = oaepHash(algorithm);
        int max = RsaOaep.maxPlaintextBytes(hash, modulusBits(key.keySpec()));
        if (plaintext.length > max) {
            throw KmsErrors.validation("Plaintext: " + plaintext.length + " bytes (expected: at most " + max + " for "
                    + key.keySpec() + " with " + algorithm + ")");
        }
        return new Encrypted(key.arn(), RsaOaep.encrypt(hash, material.publicKey(), plaintext, env.random), algorithm, null, null);
    }

    public Decrypted decrypt(RequestContext ctx, Call call, byte[] ciphertext, Map<String, String> context, String keyId,
                             String algorithm, boolean dryRun) {
        EncryptionContext.validate(context);
        String alg = algorithm == null ? "SYMMETRIC_DEFAULT" : algorithm;
        ResolvedKey resolved = keyForDecrypt(ctx, ciphertext, keyId, alg);
        env.access.require(ctx, resolved, "Decrypt", "Decrypt", call, context, r -> r.put("kms:EncryptionAlgorithm", alg));
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, "Decrypt");
        encryptionAlgorithm(key, alg);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        Decrypted result = decryptWith(key, ciphertext, context, alg);
        env.usage.record(key, "Decrypt", ctx);
        return result;
    }

    private ResolvedKey keyForDecrypt(RequestContext ctx, byte[] ciphertext, String keyId, String algorithm) {
        if (!algorithm.equals("SYMMETRIC_DEFAULT")) {
            if (keyId == null) {
                throw KmsErrors.validation("KeyId is required to decrypt with " + algorithm);
            }
            return env.resolver.resolve(ctx, keyId, true);
        }
        SymmetricCiphertext.Header header = SymmetricCiphertext.header(ciphertext).orElseThrow(KmsErrors::invalidCiphertext);
        String arn = KmsKey.arn(ctx.region(), header.accountId(), header.keyId());
        ResolvedKey named;
        try {
            named = env.resolver.resolve(ctx, arn, false);
        } catch (io.citadel.core.ServiceException e) {
            throw KmsErrors.invalidCiphertext();
        }
        if (keyId != null) {
            ResolvedKey requested = env.resolver.resolve(ctx, keyId, true);
            if (!requested.key().keyId().equals(named.key().keyId()) || !requested.key().accountId().equals(named.key().accountId())) {
                throw KmsErrors.error(KmsErrors.INCORRECT_KEY,
                        "The key ID in the request does not identify a CMK that can perform this operation.");
            }
            return requested;
        }
        return named;
    }

    private Decrypted decryptWith(KmsKey key, byte[] ciphertext, Map<String, String> context, String algorithm) {
        if (algorithm.equals("SYMMETRIC_DEFAULT")) {
            SymmetricCiphertext.Header header = SymmetricCiphertext.header(ciphertext).orElseThrow(KmsErrors::invalidCiphertext);
            KeyMaterial material = env.material(key, header.materialVersion()).orElseThrow(KmsErrors::invalidCiphertext);
            try {
                return new Decrypted(key.arn(), SymmetricCiphertext.decrypt(ciphertext, material.secret(), context), algorithm,
                        material.materialId());
            } catch (AeadException e) {
                throw KmsErrors.invalidCiphertext();
            }
        }
        if (context != null && !context.isEmpty()) {
            throw KmsErrors.validation("EncryptionContext is not supported with asymmetric KMS keys (algorithm " + algorithm + ")");
        }
        KeyMaterial material = env.currentMaterial(key);
        try {
            return new Decrypted(key.arn(), RsaOaep.decrypt(oaepHash(algorithm), material.secret(), ciphertext), algorithm, null);
        } catch (AeadException e) {
            throw KmsErrors.invalidCiphertext();
        }
    }

    public ReEncrypted reEncrypt(RequestContext ctx, Call call, byte[] ciphertext, Map<String, String> sourceContext,
                                 String sourceKeyId, String destinationKeyId, Map<String, String> destinationContext,
                                 String sourceAlgorithm, String destinationAlgorithm, boolean dryRun) {
        EncryptionContext.validate(sourceContext);
        EncryptionContext.validate(destinationContext);
        String srcAlg = sourceAlgorithm == null ? "SYMMETRIC_DEFAULT" : sourceAlgorithm;
        String dstAlg = destinationAlgorithm == null ? "SYMMETRIC_DEFAULT" : destinationAlgorithm;
        ResolvedKey source = keyForDecrypt(ctx, ciphertext, sourceKeyId, srcAlg);
        ResolvedKey destination = env.resolver.resolve(ctx, destinationKeyId, true);
        env.access.require(ctx, source, "ReEncryptFrom", "ReEncryptFrom", call, sourceContext,
                r -> r.put("kms:EncryptionAlgorithm", srcAlg).put("kms:ReEncryptOnSameKey",
                        Boolean.toString(source.key().arn().equals(destination.key().arn()))));
        env.access.require(ctx, destination, "ReEncryptTo", "ReEncryptTo", call, destinationContext,
                r -> r.put("kms:EncryptionAlgorithm", dstAlg).put("kms:ReEncryptOnSameKey",
                        Boolean.toString(source.key().arn().equals(destination.key().arn()))));
        for (KmsKey key : new KmsKey[] {source.key(), destination.key()}) {
            KeyStates.requireEnabled(key);
            KeyStates.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, "ReEncrypt");
        }
        encryptionAlgorithm(source.key(), srcAlg);
        encryptionAlgorithm(destination.key(), dstAlg);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        Decrypted plain = decryptWith(source.key(), ciphertext, sourceContext, srcAlg);
        try {
            Encrypted out = encryptWith(destination.key(), plain.plaintext(), destinationContext, dstAlg);
            env.usage.record(source.key(), "ReEncrypt", ctx);
            env.usage.record(destination.key(), "ReEncrypt", ctx);
            return new ReEncrypted(out.ciphertext(), source.key().arn(), destination.key().arn(), srcAlg, dstAlg,
                    plain.materialId(), out.materialId());
        } finally {
            java.util.Arrays.fill(plain.plaintext(), (byte) 0);
        }
    }

    /** GenerateDataKey (withPlaintext) and GenerateDataKeyWithoutPlaintext: a random data key encrypted under a symmetric key. */
    public Encrypted generateDataKey(RequestContext ctx, Call call, String keyId, Map<String, String> context,
                                     Integer numberOfBytes, String keySpec, boolean withPlaintext, boolean dryRun) {
        EncryptionContext.validate(context);
        int bytes = dataKeyBytes(numberOfBytes, keySpec);
        String operation = withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext";
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, operation, operation, call, context,
                r -> r.put("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.ENCRYPT_DECRYPT, operation);
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsErrors.invalidKeyUsage(operation + " requires a symmetric encryption KMS key; " + key.arn() + " is "
                    + key.keySpec());
        }
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        byte[] dataKey = new byte[bytes];
        env.random.nextBytes(dataKey);
        Encrypted sealed = encryptWith(key, dataKey, context, "SYMMETRIC_DEFAULT");
        env.usage.record(key, operation, ctx);
        if (!withPlaintext) {
            java.util.Arrays.fill(dataKey, (byte) 0);
            return sealed;
        }
        return new Encrypted(sealed.keyArn(), sealed.ciphertext(), sealed.algorithm(), dataKey, sealed.materialId());
    }

    static int dataKeyBytes(Integer numberOfBytes, String keySpec) {
        if (numberOfBytes != null && keySpec != null) {
            throw KmsErrors.validation("Specify either NumberOfBytes or KeySpec, not both");
        }
        if (numberOfBytes != null) {
            return checkNumberOfBytes(numberOfBytes);
        }
        if (keySpec == null) {
            throw KmsErrors.validation("Specify NumberOfBytes or KeySpec (expected: one of them)");
        }
        return switch (keySpec) {
            case "AES_128" -> 16;
            case "AES_256" -> 32;
            default -> throw KmsErrors.validation("KeySpec: " + keySpec + " (expected: AES_256 or AES_128)");
        };
    }

    /**
     * The model's limits, checked here too: Citadel's own services call this class directly, not through
     * the operation table whose shapes check them.
     */
    private static int checkNumberOfBytes(int numberOfBytes) {
        if (numberOfBytes < 1 || numberOfBytes > MAX_DATA_KEY) {
            throw KmsErrors.validation("NumberOfBytes: " + numberOfBytes + " (expected: 1.." + MAX_DATA_KEY + ")");
        }
        return numberOfBytes;
    }

    static void checkBytes(String member, byte[] value, int max) {
        if (value == null) {
            throw KmsErrors.validation(member + ": missing (expected: 1.." + max + " bytes)");
        }
        if (value.length < 1 || value.length > max) {
            throw KmsErrors.validation(member + ": " + value.length + " bytes (expected: 1.." + max + ")");
        }
    }

    /** GenerateRandom: CSPRNG bytes; needs kms:GenerateRandom in an identity policy. */
    public byte[] generateRandom(RequestContext ctx, Integer numberOfBytes, String customKeyStoreId) {
        if (customKeyStoreId != null) {
            throw KmsErrors.error(KmsErrors.NOT_FOUND, "Custom key store " + customKeyStoreId + " does not exist");
        }
        if (numberOfBytes == null) {
            throw KmsErrors.validation("1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
        }
        checkNumberOfBytes(numberOfBytes);
        env.access.requireWithoutKey(ctx, "kms:GenerateRandom", "*", null);
        byte[] out = new byte[numberOfBytes];
        env.random.nextBytes(out);
        return out;
    }

    public Mac generateMac(RequestContext ctx, Call call, String keyId, byte[] message, String algorithm, boolean dryRun) {
        checkBytes("Message", message, MAX_PLAINTEXT);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "GenerateMac", "GenerateMac", call, null, r -> r.put("kms:MacAlgorithm", algorithm));
        KmsKey key = macKey(resolved, algorithm, "GenerateMac");
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        byte[] mac = Hmacs.compute(hmac(algorithm), env.currentMaterial(key).secret(), message);
        env.usage.record(key, "GenerateMac", ctx);
        return new Mac(key.arn(), mac, algorithm);
    }

    /** VerifyMac: true, or KMSInvalidMacException (AWS never answers false). */
    public Mac verifyMac(RequestContext ctx, Call call, String keyId, byte[] message, byte[] mac, String algorithm, boolean dryRun) {
        checkBytes("Message", message, MAX_PLAINTEXT);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "VerifyMac", "VerifyMac", call, null, r -> r.put("kms:MacAlgorithm", algorithm));
        KmsKey key = macKey(resolved, algorithm, "VerifyMac");
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        if (!Hmacs.verify(hmac(algorithm), env.currentMaterial(key).secret(), message, mac)) {
            throw KmsErrors.error(KmsErrors.INVALID_MAC, "The MAC is not valid for the given message and key.");
        }
        env.usage.record(key, "VerifyMac", ctx);
        return new Mac(key.arn(), null, algorithm);
    }

    private static KmsKey macKey(ResolvedKey resolved, String algorithm, String operation) {
        KmsKey key = resolved.key();
        KeyStates.requireEnabled(key);
        KeyStates.requireUsage(key, KeyUsage.GENERATE_VERIFY_MAC, operation);
        if (!key.keySpec().algorithms(KeyUsage.GENERATE_VERIFY_MAC).contains(algorithm)) {
            throw KmsErrors.invalidKeyUsage("MacAlgorithm " + algorithm + " is not supported by " + key.arn() + " (expected: "
                    + key.keySpec().algorithms(KeyUsage.GENERATE_VERIFY_MAC) + ")");
        }
        return key;
    }

    private static HmacAlgorithm hmac(String algorithm) {
        return HmacAlgorithm.valueOf(algorithm);
    }

    /** The algorithm to use, or InvalidKeyUsageException when the key does not support it. */
    static String encryptionAlgorithm(KmsKey key, String requested) {
        String algorithm = requested == null ? "SYMMETRIC_DEFAULT" : requested;
        if (!key.keySpec().algorithms(KeyUsage.ENCRYPT_DECRYPT).contains(algorithm)) {
            throw KmsErrors.invalidKeyUsage("EncryptionAlgorithm " + algorithm + " is not supported by " + key.arn()
                    + " (expected: " + key.keySpec().algorithms(KeyUsage.ENCRYPT_DECRYPT) + ")");
        }
        return algorithm;
    }

    private static OaepHash oaepHash(String algorithm) {
        return algorithm.equals("RSAES_OAEP_SHA_1") ? OaepHash.SHA_1 : OaepHash.SHA_256;
    }

    static int modulusBits(KeySpec spec) {
        return switch (spec) {
            case RSA_2048 -> 2048;
            case RSA_3072 -> 3072;
            case RSA_4096 -> 4096;
            default -> throw new IllegalArgumentException(spec + " is not an RSA key spec");
        };
    }

}
