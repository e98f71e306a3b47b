package io.citadel.pca;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** ACM PCA's AWS error codes (the model's nineteen error shapes, all HTTP 400 as AWS sends them). */
public final class PcaErrors {

    public static final ErrorCode CERTIFICATE_MISMATCH = ErrorCode.sender("CertificateMismatchException", 400);
    public static final ErrorCode CONCURRENT_MODIFICATION = ErrorCode.sender("ConcurrentModificationException", 400);
    public static final ErrorCode INVALID_ARGS = ErrorCode.sender("InvalidArgsException", 400);
    public static final ErrorCode INVALID_ARN = ErrorCode.sender("InvalidArnException", 400);
    public static final ErrorCode INVALID_NEXT_TOKEN = ErrorCode.sender("InvalidNextTokenException", 400);
    public static final ErrorCode INVALID_POLICY = ErrorCode.sender("InvalidPolicyException", 400);
    public static final ErrorCode INVALID_REQUEST = ErrorCode.sender("InvalidRequestException", 400);
    public static final ErrorCode INVALID_STATE = ErrorCode.sender("InvalidStateException", 400);
    public static final ErrorCode INVALID_TAG = ErrorCode.sender("InvalidTagException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceededException", 400);
    public static final ErrorCode LOCKOUT_PREVENTED = ErrorCode.sender("LockoutPreventedException", 400);
    public static final ErrorCode MALFORMED_CSR = ErrorCode.sender("MalformedCSRException", 400);
    public static final ErrorCode MALFORMED_CERTIFICATE = ErrorCode.sender("MalformedCertificateException", 400);
    public static final ErrorCode PERMISSION_EXISTS = ErrorCode.sender("PermissionAlreadyExistsException", 400);
    public static final ErrorCode ALREADY_PROCESSED = ErrorCode.sender("RequestAlreadyProcessedException", 400);
    public static final ErrorCode REQUEST_FAILED = ErrorCode.sender("RequestFailedException", 400);
    public static final ErrorCode IN_PROGRESS = ErrorCode.sender("RequestInProgressException", 400);
    public static final ErrorCode NOT_FOUND = ErrorCode.sender("ResourceNotFoundException", 400);
    public static final ErrorCode TOO_MANY_TAGS = ErrorCode.sender("TooManyTagsException", 400);

    private PcaErrors() {
    }

    static ServiceException error(ErrorCode code, String message) {
        return new ServiceException(code, message);
    }

    static ServiceException invalidArgs(String message) {
        return new ServiceException(INVALID_ARGS, message);
    }

    static ServiceException invalidState(String message) {
        return new ServiceException(INVALID_STATE, message);
    }

    static ServiceException invalidRequest(String message) {
        return new ServiceException(INVALID_REQUEST, message);
    }

    static ServiceException caNotFound(String arn) {
        return new ServiceException(NOT_FOUND, "Could not find certificate authority: " + arn);
    }
}
