package io.citadel.identity;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** The IAM and STS error codes the identity service answers with. */
public final class IdentityErrors {

    public static final ErrorCode NO_SUCH_ENTITY = ErrorCode.sender("NoSuchEntity", 404);
    public static final ErrorCode ENTITY_ALREADY_EXISTS = ErrorCode.sender("EntityAlreadyExists", 409);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceeded", 409);
    public static final ErrorCode DELETE_CONFLICT = ErrorCode.sender("DeleteConflict", 409);
    public static final ErrorCode MALFORMED_POLICY_DOCUMENT = ErrorCode.sender("MalformedPolicyDocument", 400);
    public static final ErrorCode INVALID_INPUT = ErrorCode.sender("InvalidInput", 400);
    public static final ErrorCode VALIDATION_ERROR = ErrorCode.VALIDATION_ERROR;
    /** STS's denial (AssumeRole refused by the trust policy, or an unknown role). */
    public static final ErrorCode ACCESS_DENIED = ErrorCode.sender("AccessDenied", 403);
    public static final ErrorCode PACKED_POLICY_TOO_LARGE = ErrorCode.sender("PackedPolicyTooLarge", 400);

    private IdentityErrors() {
    }

    static ServiceException noSuchEntity(String message) {
        return new ServiceException(NO_SUCH_ENTITY, message);
    }

    static ServiceException validation(String message) {
        return new ServiceException(VALIDATION_ERROR, message);
    }

    static ServiceException invalidInput(String message) {
        return new ServiceException(INVALID_INPUT, message);
    }

    static ServiceException limitExceeded(String message) {
        return new ServiceException(LIMIT_EXCEEDED, message);
    }

    static ServiceException deleteConflict(String message) {
        return new ServiceException(DELETE_CONFLICT, message);
    }

    static ServiceException alreadyExists(String message) {
        return new ServiceException(ENTITY_ALREADY_EXISTS, message);
    }
}
