package io.citadel.acm;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** ACM's AWS error codes (the model's error shapes, all HTTP 400 as AWS sends them) and its usual messages. */
public final class AcmErrors {

    public static final ErrorCode CONFLICT = ErrorCode.sender("ConflictException", 400);
    public static final ErrorCode INVALID_ARGS = ErrorCode.sender("InvalidArgsException", 400);
    public static final ErrorCode INVALID_ARN = ErrorCode.sender("InvalidArnException", 400);
    public static final ErrorCode INVALID_DOMAIN_VALIDATION_OPTIONS = ErrorCode.sender("InvalidDomainValidationOptionsException", 400);
    public static final ErrorCode INVALID_PARAMETER = ErrorCode.sender("InvalidParameterException", 400);
    public static final ErrorCode INVALID_STATE = ErrorCode.sender("InvalidStateException", 400);
    public static final ErrorCode INVALID_TAG = ErrorCode.sender("InvalidTagException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceededException", 400);
    public static final ErrorCode REQUEST_IN_PROGRESS = ErrorCode.sender("RequestInProgressException", 400);
    public static final ErrorCode RESOURCE_IN_USE = ErrorCode.sender("ResourceInUseException", 400);
    public static final ErrorCode NOT_FOUND = ErrorCode.sender("ResourceNotFoundException", 400);
    public static final ErrorCode TOO_MANY_TAGS = ErrorCode.sender("TooManyTagsException", 400);
    public static final ErrorCode VALIDATION = ErrorCode.VALIDATION;

    private AcmErrors() {
    }

    static ServiceException error(ErrorCode code, String message) {
        return new ServiceException(code, message);
    }

    static ServiceException notFound(String arn) {
        return new ServiceException(NOT_FOUND, "Could not find certificate " + arn + ".");
    }

    static ServiceException validation(String message) {
        return new ServiceException(VALIDATION, message);
    }

    static ServiceException invalidParameter(String message) {
        return new ServiceException(INVALID_PARAMETER, message);
    }

    static ServiceException inProgress(String arn) {
        return new ServiceException(REQUEST_IN_PROGRESS, "Certificate " + arn + " is in state PENDING_VALIDATION: it has not been issued yet.");
    }
}
