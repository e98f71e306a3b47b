package io.citadel.core;

import java.util.Objects;

/**
 * The one exception a service throws to answer a request with an AWS error. Its message is sent
 * to the client verbatim, so it must never contain a secret; it carries no stack trace because it
 * is an answer, not a bug.
 */
public class ServiceException extends RuntimeException {

    private final ErrorCode errorCode;

    public ServiceException(ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static ServiceException validation(String message) {
        return new ServiceException(ErrorCode.VALIDATION, message);
    }
}
