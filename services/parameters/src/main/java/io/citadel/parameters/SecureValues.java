package io.citadel.parameters;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.AesGcm;
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
 * SecureString values through KMS, as the caller and via ssm (so key policies see kms:ViaService and
 * the caller's own permissions). Values up to KMS's 4,096-byte plaintext limit are one KMS Encrypt;
 * larger (Advanced) values are sealed locally with AES-256-GCM under a data key from GenerateDataKey.
 * Both use the encryption context {"PARAMETER_ARN": arn}. Format: docs/formats.md.
 */
final class SecureValues {

    static final int KMS_PLAINTEXT_LIMIT = 4096;
    static final byte ENVELOPE_MARKER = (byte) 0xE1;
    static final String DEFAULT_KEY_ALIAS = "alias/aws/ssm";
    private static final byte[] ENVELOPE_INFO = "citadel/ssm/v1/envelope\0".getBytes(StandardCharsets.US_ASCII);
    /** KMS errors that mean "this key cannot be used", which SSM reports as InvalidKeyId. */
    private static final Set<String> KEY_ERRORS = Set.of(KmsErrors.NOT_FOUND.code(), KmsErrors.DISABLED.code(),
            KmsErrors.INVALID_STATE.code(), KmsErrors.INVALID_KEY_USAGE.code(), KmsErrors.INVALID_ARN.code());

    private final Kms kms;
    private final AesGcm aes;

    SecureValues(Kms kms, SecureRandom random) {
        this.kms = kms;
        this.aes = new AesGcm(random);
    }

    /** The key id a SecureString without KeyId uses: the AWS managed key alias/aws/ssm, created on first use. */
    String defaultKey(RequestContext ctx) {
        kms.administration().awsManagedKey(ctx, "ssm", "Systems Manager");
        return DEFAULT_KEY_ALIAS;
    }

    byte[] encrypt(RequestContext ctx, String keyId, String arn, String value) {
        byte[] plaintext = value.getBytes(StandardCharsets.UTF_8);
        Map<String, String> context = Map.of("PARAMETER_ARN", arn);
        Call via = Call.via("ssm", ctx.region());
        try {
            if (plaintext.length <= KMS_PLAINTEXT_LIMIT) {
                return kms.cryptography().encrypt(ctx, via, keyId, plaintext, context, null, false).ciphertext();
            }
            KeyCryptography.Encrypted dataKey = kms.cryptography().generateDataKey(ctx, via, keyId, context, 32, null, true, false);
            byte[] key = dataKey.plaintext();
            try {
                byte[] sealed = aes.seal(key, plaintext, aad(arn));
                byte[] wrapped = dataKey.ciphertext();
                return ByteBuffer.allocate(3 + wrapped.length + sealed.length).put(ENVELOPE_MARKER)
                        .putShort((short) wrapped.length).put(wrapped).put(sealed).array();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (ServiceException e) {
            throw translate(e, keyId);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    String decrypt(RequestContext ctx, String keyId, String arn, byte[] ciphertext) {
        Map<String, String> context = Map.of("PARAMETER_ARN", arn);
        Call via = Call.via("ssm", ctx.region());
        try {
            if (ciphertext.length == 0 || ciphertext[0] != ENVELOPE_MARKER) {
                byte[] plain = kms.cryptography().decrypt(ctx, via, ciphertext, context, null, null, false).plaintext();
                return text(plain);
            }
            ByteBuffer in = ByteBuffer.wrap(ciphertext);
            in.get();
            int wrappedLength = Short.toUnsignedInt(in.getShort());
            if (wrappedLength > in.remaining()) {
                throw new IllegalStateException("SecureString envelope of " + arn + " is truncated");
            }
            byte[] wrapped = new byte[wrappedLength];
            in.get(wrapped);
            byte[] key = kms.cryptography().decrypt(ctx, via, wrapped, context, null, null, false).plaintext();
            try {
                return text(AesGcm.open(key, ciphertext, in.position(), in.remaining(), aad(arn)));
            } catch (AeadException e) {
                throw new IllegalStateException("SecureString envelope of " + arn + " does not authenticate", e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (ServiceException e) {
            throw translate(e, keyId);
        }
    }

    private static String text(byte[] plain) {
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] aad(String arn) {
        byte[] a = arn.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(ENVELOPE_INFO.length + a.length).put(ENVELOPE_INFO).put(a).array();
    }

    /** Access denials pass unchanged (AWS's SSM relays KMS's AccessDeniedException); unusable keys become InvalidKeyId. */
    private static ServiceException translate(ServiceException e, String keyId) {
        if (KEY_ERRORS.contains(e.errorCode().code())) {
            return new ServiceException(ParameterErrors.INVALID_KEY_ID, "KeyId " + keyId + " cannot be used: " + e.getMessage());
        }
        return e;
    }
}
