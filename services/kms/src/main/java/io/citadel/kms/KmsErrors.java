package io.citadel.kms;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** KMS's AWS error codes (every one the model declares that Citadel raises) and their usual messages. */
public final class KmsErrors {

    public static final ErrorCode ALREADY_EXISTS = ErrorCode.sender("AlreadyExistsException", 400);
    public static final ErrorCode DISABLED = ErrorCode.sender("DisabledException", 400);
    public static final ErrorCode DRY_RUN = ErrorCode.sender("DryRunOperationException", 400);
    public static final ErrorCode EXPIRED_IMPORT_TOKEN = ErrorCode.sender("ExpiredImportTokenException", 400);
    public static final ErrorCode INCORRECT_KEY = ErrorCode.sender("IncorrectKeyException", 400);
    public static final ErrorCode INCORRECT_KEY_MATERIAL = ErrorCode.sender("IncorrectKeyMaterialException", 400);
    public static final ErrorCode INVALID_ALIAS_NAME = ErrorCode.sender("InvalidAliasNameException", 400);
    public static final ErrorCode INVALID_ARN = ErrorCode.sender("InvalidArnException", 400);
    public static final ErrorCode INVALID_CIPHERTEXT = ErrorCode.sender("InvalidCiphertextException", 400);
    public static final ErrorCode INVALID_GRANT_ID = ErrorCode.sender("InvalidGrantIdException", 400);
    public static final ErrorCode INVALID_GRANT_TOKEN = ErrorCode.sender("InvalidGrantTokenException", 400);
    public static final ErrorCode INVALID_IMPORT_TOKEN = ErrorCode.sender("InvalidImportTokenException", 400);
    public static final ErrorCode INVALID_KEY_USAGE = ErrorCode.sender("InvalidKeyUsageException", 400);
    public static final ErrorCode INVALID_MARKER = ErrorCode.sender("InvalidMarkerException", 400);
    public static final ErrorCode INTERNAL = ErrorCode.receiver("KMSInternalException", 500);
    public static final ErrorCode INVALID_MAC = ErrorCode.sender("KMSInvalidMacException", 400);
    public static final ErrorCode INVALID_SIGNATURE = ErrorCode.sender("KMSInvalidSignatureException", 400);
    public static final ErrorCode INVALID_STATE = ErrorCode.sender("KMSInvalidStateException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceededException", 400);
    public static final ErrorCode MALFORMED_POLICY = ErrorCode.sender("MalformedPolicyDocumentException", 400);
    public static final ErrorCode NOT_FOUND = ErrorCode.sender("NotFoundException", 400);
    public static final ErrorCode TAG = ErrorCode.sender("TagException", 400);
    public static final ErrorCode UNSUPPORTED = ErrorCode.sender("UnsupportedOperationException", 400);

    /** Every decrypt failure reads the same, whatever its cause. */
    static final String INVALID_CIPHERTEXT_MESSAGE = "The ciphertext is invalid or was not produced for this key and encryption context.";

    private KmsErrors() {
    }

    static ServiceException error(ErrorCode code, String message) {
        return new ServiceException(code, message);
    }

    static ServiceException invalidCiphertext() {
        return new ServiceException(INVALID_CIPHERTEXT, INVALID_CIPHERTEXT_MESSAGE);
    }

    static ServiceException notFound(String message) {
        return new ServiceException(NOT_FOUND, message);
    }

    static ServiceException keyNotFound(String keyArn) {
        return new ServiceException(NOT_FOUND, "Key '" + keyArn + "' does not exist");
    }

    static ServiceException invalidState(String message) {
        return new ServiceException(INVALID_STATE, message);
    }

    static ServiceException unsupported(String message) {
        return new ServiceException(UNSUPPORTED, message);
    }

    static ServiceException invalidKeyUsage(String message) {
        return new ServiceException(INVALID_KEY_USAGE, message);
    }

    static ServiceException validation(String message) {
        return ServiceException.validation(message);
    }

    static ServiceException dryRun() {
        return new ServiceException(DRY_RUN, "The request would have succeeded, but the DryRun option is set.");
    }
}
