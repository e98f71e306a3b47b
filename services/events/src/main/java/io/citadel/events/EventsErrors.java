package io.citadel.events;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** EventBridge's error codes as its model names them (all HTTP 400 but InternalException). */
public final class EventsErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.sender("ResourceNotFoundException", 400);
    public static final ErrorCode ALREADY_EXISTS = ErrorCode.sender("ResourceAlreadyExistsException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("LimitExceededException", 400);
    public static final ErrorCode INVALID_PATTERN = ErrorCode.sender("InvalidEventPatternException", 400);
    public static final ErrorCode CONCURRENT_MODIFICATION = ErrorCode.sender("ConcurrentModificationException", 400);
    public static final ErrorCode ILLEGAL_STATUS = ErrorCode.sender("IllegalStatusException", 400);
    public static final ErrorCode INVALID_STATE = ErrorCode.sender("InvalidStateException", 400);
    public static final ErrorCode POLICY_LENGTH = ErrorCode.sender("PolicyLengthExceededException", 400);
    public static final ErrorCode MANAGED_RULE = ErrorCode.sender("ManagedRuleException", 400);
    /** EventBridge's answer to an operation Citadel does not implement (partner sources, endpoints, ...). */
    public static final ErrorCode UNSUPPORTED = ErrorCode.sender("UnsupportedOperationException", 400);

    private EventsErrors() {
    }

    public static ServiceException unsupported(String message) {
        return new ServiceException(UNSUPPORTED, message);
    }

    static ServiceException notFound(String message) {
        return new ServiceException(NOT_FOUND, message);
    }

    static ServiceException exists(String message) {
        return new ServiceException(ALREADY_EXISTS, message);
    }

    static ServiceException limit(String message) {
        return new ServiceException(LIMIT_EXCEEDED, message);
    }

    static ServiceException validation(String message) {
        return ServiceException.validation(message);
    }
}
