package io.citadel.identity;

import io.citadel.core.ErrorCode;

/** The IAM error codes the identity service answers with. */
public final class IdentityErrors {

    public static final ErrorCode NO_SUCH_ENTITY = ErrorCode.sender("NoSuchEntity", 404);
    public static final ErrorCode ENTITY_ALREADY_EXISTS = ErrorCode.sender("EntityAlreadyExists", 409);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceeded", 409);

    private IdentityErrors() {
    }
}
