package io.citadel.secrets;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** Secrets Manager's AWS error codes (the model's twelve error shapes; all HTTP 400 as AWS sends them) and its usual messages. */
public final class SecretErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.sender("ResourceNotFoundException", 400);
    public static final ErrorCode EXISTS = ErrorCode.sender("ResourceExistsException", 400);
    public static final ErrorCode INVALID_REQUEST = ErrorCode.sender("InvalidRequestException", 400);
    public static final ErrorCode INVALID_PARAMETER = ErrorCode.sender("InvalidParameterException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceededException", 400);
    public static final ErrorCode MALFORMED_POLICY = ErrorCode.sender("MalformedPolicyDocumentException", 400);
    public static final ErrorCode PUBLIC_POLICY = ErrorCode.sender("PublicPolicyException", 400);
    public static final ErrorCode ENCRYPTION_FAILURE = ErrorCode.sender("EncryptionFailure", 400);
    public static final ErrorCode DECRYPTION_FAILURE = ErrorCode.sender("DecryptionFailure", 400);
    public static final ErrorCode INVALID_NEXT_TOKEN = ErrorCode.sender("InvalidNextTokenException", 400);
    public static final ErrorCode PRECONDITION_NOT_MET = ErrorCode.sender("PreconditionNotMetException", 400);

    static final String MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion.";
    static final String REPLICA_WRITE = "Operation not permitted on a replica secret. Call must be made in primary secret's region.";
    static final String ROTATION_IN_PROGRESS = "A previous rotation isn't complete. That rotation will be reattempted.";

    private SecretErrors() {
    }

    static ServiceException error(ErrorCode code, String message) {
        return new ServiceException(code, message);
    }

    static ServiceException notFound() {
        return new ServiceException(NOT_FOUND, "Secrets Manager can't find the specified secret.");
    }

    static ServiceException invalidRequest(String message) {
        return new ServiceException(INVALID_REQUEST, message);
    }

    static ServiceException invalidParameter(String message) {
        return new ServiceException(INVALID_PARAMETER, message);
    }
}
