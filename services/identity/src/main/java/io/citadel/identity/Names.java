package io.citadel.identity;

import io.citadel.core.ServiceException;
import java.util.regex.Pattern;

/** IAM's name and path rules, failing with AWS's ValidationError wording. */
public final class Names {

    static final String NAME_PATTERN = "[\\w+=,.@-]+";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    static final String PATH_PATTERN = "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)";
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]+/");
    private static final String POLICY_PATH_PATTERN = "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/";
    private static final Pattern POLICY_PATH = Pattern.compile(POLICY_PATH_PATTERN);
    private static final Pattern PATH_PREFIX = Pattern.compile("/[\\x21-\\x7F]*");

    private Names() {
    }

    /** An IAM name of 1..{@code max} characters of {@code [\w+=,.@-]}. */
    public static String require(String member, String value, int max) {
        if (value == null) {
            throw IdentityErrors.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (value.isEmpty() || value.length() > max) {
            throw lengthError(member, value, 1, max);
        }
        if (!NAME.matcher(value).matches()) {
            throw patternError(member, value, NAME_PATTERN);
        }
        return value;
    }

    /** "/" or "/.../" of printable ASCII, at most 512 characters; null means "/". */
    public static String path(String member, String value) {
        if (value == null) {
            return "/";
        }
        if (value.isEmpty() || value.length() > 512) {
            throw lengthError(member, value, 1, 512);
        }
        if (!PATH.matcher(value).matches()) {
            throw patternError(member, value, PATH_PATTERN);
        }
        return value;
    }

    /** The stricter path of managed policies; null means "/". */
    public static String policyPath(String value) {
        if (value == null) {
            return "/";
        }
        if (value.isEmpty() || value.length() > 512) {
            throw lengthError("path", value, 1, 512);
        }
        if (!POLICY_PATH.matcher(value).matches()) {
            throw patternError("path", value, POLICY_PATH_PATTERN);
        }
        return value;
    }

    /** A PathPrefix filter of List* operations; null means "/" (everything). */
    public static String pathPrefix(String value) {
        if (value == null) {
            return "/";
        }
        if (value.isEmpty() || value.length() > 512 || !PATH_PREFIX.matcher(value).matches()) {
            throw patternError("pathPrefix", value, "\\u002F[\\u0021-\\u007F]*");
        }
        return value;
    }

    static ServiceException lengthError(String member, String value, int min, int max) {
        return IdentityErrors.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have length "
                + (value.length() < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }

    static ServiceException patternError(String member, String value, String pattern) {
        return IdentityErrors.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
    }

    static ServiceException rangeError(String member, long value, long min, long max) {
        return IdentityErrors.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value "
                + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }
}
