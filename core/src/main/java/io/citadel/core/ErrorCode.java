package io.citadel.core;

import java.util.Objects;

/**
 * An AWS error code with the HTTP status it travels with and whose fault it is. Protocol codecs
 * render it as {@code __type} (json) or {@code <Code>} (query); services only ever name one.
 */
public record ErrorCode(String code, int httpStatus, Fault fault) {

    /** Who caused the error, as the query protocol's {@code <Type>} element reports it. */
    public enum Fault { SENDER, RECEIVER }

    public static final ErrorCode VALIDATION = sender("ValidationException", 400);
    public static final ErrorCode VALIDATION_ERROR = sender("ValidationError", 400);
    public static final ErrorCode SERIALIZATION = sender("SerializationException", 400);
    public static final ErrorCode UNKNOWN_OPERATION = sender("UnknownOperationException", 400);
    public static final ErrorCode INVALID_ACTION = sender("InvalidAction", 400);
    public static final ErrorCode MALFORMED_QUERY_STRING = sender("MalformedQueryString", 404);
    public static final ErrorCode MISSING_ACTION = sender("MissingAction", 400);
    public static final ErrorCode ACCESS_DENIED = sender("AccessDeniedException", 400);
    public static final ErrorCode INTERNAL_FAILURE = receiver("InternalFailure", 500);

    public ErrorCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(fault, "fault");
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus: " + httpStatus + " (expected: 400..599)");
        }
    }

    public static ErrorCode sender(String code, int httpStatus) {
        return new ErrorCode(code, httpStatus, Fault.SENDER);
    }

    public static ErrorCode receiver(String code, int httpStatus) {
        return new ErrorCode(code, httpStatus, Fault.RECEIVER);
    }
}
