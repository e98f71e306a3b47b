package io.citadel.secrets;

import io.citadel.core.ErrorCode;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.AesGcm;
import io.citadel.core.crypto.Hashes;
import io.citadel.kms.Call;
import io.citadel.kms.KeyCryptography;
import io.citadel.kms.Kms;
import io.citadel.kms.KmsErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Secret values through KMS, as the caller and via secretsmanager (kms:ViaService): each version
 * gets its own 256-bit data key from GenerateDataKey with the encryption context
 * {"SecretARN": arn, "SecretVersionId": id}, and the value is sealed locally with AES-256-GCM under
 * it (the ARN and version id as associated data). Format: docs/secrets.md.
 */
final class SecretCrypto {

    static final String DEFAULT_KEY_ALIAS = "alias/aws/secretsmanager";
    private static final byte[] AAD_INFO = "citadel/secretsmanager/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> KEY_ERRORS = Set.of(KmsErrors.NOT_FOUND.code(), KmsErrors.DISABLED.code(),
            KmsErrors.INVALID_STATE.code(), KmsErrors.INVALID_KEY_USAGE.code(), KmsErrors.INVALID_ARN.code(),
            KmsErrors.INVALID_CIPHERTEXT.code(), KmsErrors.INCORRECT_KEY.code());

    /** A value to protect: text (SecretString) or bytes (SecretBinary). */
    record Plain(boolean binary, byte[] bytes) {

        static Plain of(String text, byte[] binary) {
            return text != null ? new Plain(false, text.getBytes(StandardCharsets.UTF_8)) : new Plain(true, binary.clone());
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Plain[" + bytes.length + " bytes]";
        }
    }

    private final Kms kms;
    private final AesGcm aes;

    SecretCrypto(Kms kms, SecureRandom random) {
        this.kms = kms;
        this.aes = new AesGcm(random);
    }

    /**
     * The key id to use for a secret of {@code owner}: the one it names, or the owner's AWS managed
     * alias/aws/secretsmanager in the context's region (created on first use by the owner; another
     * account's caller is named the owner's alias ARN, which KMS refuses it, as AWS does).
     */
    String keyFor(RequestContext ctx, String owner, String kmsKeyId) {
        if (kmsKeyId != null && !kmsKeyId.isEmpty() && !kmsKeyId.equals(DEFAULT_KEY_ALIAS)) {
            return kmsKeyId;
        }
        if (!owner.equals(ctx.principal().accountId())) {
            return "arn:aws:kms:" + ctx.region() + ":" + owner + ":" + DEFAULT_KEY_ALIAS;
        }
        kms.administration().awsManagedKey(ctx, "secretsmanager", "Secrets Manager");
        return DEFAULT_KEY_ALIAS;
    }

    static byte[] digest(String versionId, Plain value) {
        byte[] id = versionId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(AAD_INFO.length + 4 + id.length + 1 + value.bytes().length)
                .put(AAD_INFO).putInt(id.length).put(id).put((byte) (value.binary() ? 1 : 0)).put(value.bytes());
        return Hashes.sha256(b.array());
    }

    SecretVersion encrypt(RequestContext ctx, String keyId, String arn, String versionId, Plain value) {
        Map<String, String> context = Map.of("SecretARN", arn, "SecretVersionId", versionId);
        KeyCryptography.Encrypted dataKey;
        try {
            dataKey = kms.cryptography().generateDataKey(ctx, Call.via("secretsmanager", ctx.region()), keyId, context, 32, null,
                    true, false);
        } catch (ServiceException e) {
            throw translate(e, SecretErrors.ENCRYPTION_FAILURE,
                    "Access to KMS is not allowed", "Secrets Manager can't encrypt the protected secret text using the provided KMS key. "
                            + "Check that the KMS key is available, enabled, and not in an invalid state.");
        }
        byte[] key = dataKey.plaintext();
        try {
            byte[] sealed = aes.seal(key, value.bytes(), aad(arn, versionId));
            return new SecretVersion(versionId, value.binary(), dataKey.keyArn(), dataKey.ciphertext(), sealed, digest(versionId, value));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    Plain decrypt(RequestContext ctx, String arn, SecretVersion v) {
        Map<String, String> context = Map.of("SecretARN", arn, "SecretVersionId", v.versionId());
        byte[] key;
        try {
            key = kms.cryptography().decrypt(ctx, Call.via("secretsmanager", ctx.region()), v.wrappedKey(), context, null, null, false)
                    .plaintext();
        } catch (ServiceException e) {
            throw translate(e, SecretErrors.DECRYPTION_FAILURE, "Access to KMS is not allowed",
                    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
        }
        try {
            return new Plain(v.binary(), AesGcm.open(key, v.sealed(), 0, v.sealed().length, aad(arn, v.versionId())));
        } catch (AeadException e) {
            throw new IllegalStateException("version " + v.versionId() + " of " + arn + " does not authenticate", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] aad(String arn, String versionId) {
        byte[] a = (arn + "\0" + versionId).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(AAD_INFO.length + a.length).put(AAD_INFO).put(a).array();
    }

    /** KMS denials become AWS's "Access to KMS is not allowed"; unusable keys the operation's Encryption/DecryptionFailure. */
    private static ServiceException translate(ServiceException e, ErrorCode failure, String deniedMessage, String failureMessage) {
        if (e.errorCode().equals(ErrorCode.ACCESS_DENIED)) {
            return new ServiceException(ErrorCode.ACCESS_DENIED, deniedMessage);
        }
        if (KEY_ERRORS.contains(e.errorCode().code())) {
            return new ServiceException(failure, failureMessage + " (" + e.getMessage() + ")");
        }
        return e;
    }
}
