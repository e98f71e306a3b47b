package io.citadel.parameters;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/** Parameter Store's AWS error codes (as the SSM model names them; all travel with HTTP 400 but InternalServerError). */
public final class ParameterErrors {

    public static final ErrorCode ALREADY_EXISTS = ErrorCode.sender("ParameterAlreadyExists", 400);
    public static final ErrorCode NOT_FOUND = ErrorCode.sender("ParameterNotFound", 400);
    public static final ErrorCode VERSION_NOT_FOUND = ErrorCode.sender("ParameterVersionNotFound", 400);
    public static final ErrorCode LIMIT_EXCEEDED = ErrorCode.sender("ParameterLimitExceeded", 400);
    public static final ErrorCode MAX_VERSIONS = ErrorCode.sender("ParameterMaxVersionLimitExceeded", 400);
    public static final ErrorCode LABEL_LIMIT = ErrorCode.sender("ParameterVersionLabelLimitExceeded", 400);
    public static final ErrorCode HIERARCHY_LEVELS = ErrorCode.sender("HierarchyLevelLimitExceededException", 400);
    public static final ErrorCode HIERARCHY_TYPE = ErrorCode.sender("HierarchyTypeMismatchException", 400);
    public static final ErrorCode PATTERN_MISMATCH = ErrorCode.sender("ParameterPatternMismatchException", 400);
    public static final ErrorCode INVALID_ALLOWED_PATTERN = ErrorCode.sender("InvalidAllowedPatternException", 400);
    public static final ErrorCode INVALID_KEY_ID = ErrorCode.sender("InvalidKeyId", 400);
    public static final ErrorCode UNSUPPORTED_TYPE = ErrorCode.sender("UnsupportedParameterType", 400);
    public static final ErrorCode INVALID_FILTER_KEY = ErrorCode.sender("InvalidFilterKey", 400);
    public static final ErrorCode INVALID_FILTER_OPTION = ErrorCode.sender("InvalidFilterOption", 400);
    public static final ErrorCode INVALID_FILTER_VALUE = ErrorCode.sender("InvalidFilterValue", 400);
    public static final ErrorCode INVALID_NEXT_TOKEN = ErrorCode.sender("InvalidNextToken", 400);
    public static final ErrorCode INVALID_RESOURCE_TYPE = ErrorCode.sender("InvalidResourceType", 400);
    public static final ErrorCode INVALID_RESOURCE_ID = ErrorCode.sender("InvalidResourceId", 400);
    public static final ErrorCode TOO_MANY_TAGS = ErrorCode.sender("TooManyTagsError", 400);
    public static final ErrorCode INVALID_TAG = ErrorCode.sender("InvalidTag", 400);
    public static final ErrorCode TOO_MANY_UPDATES = ErrorCode.sender("TooManyUpdates", 400);
    public static final ErrorCode SETTING_NOT_FOUND = ErrorCode.sender("ServiceSettingNotFound", 400);
    /** SSM's own code for an operation the account cannot use; Citadel answers it for every SSM operation outside Parameter Store. */
    public static final ErrorCode UNSUPPORTED = ErrorCode.sender("UnsupportedOperationException", 400);

    private ParameterErrors() {
    }

    static ServiceException error(ErrorCode code, String message) {
        return new ServiceException(code, message);
    }

    static ServiceException notFound(String name) {
        return new ServiceException(NOT_FOUND, "Parameter " + name + " not found.");
    }

    static ServiceException validation(String message) {
        return ServiceException.validation(message);
    }
}
