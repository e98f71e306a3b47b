package io.citadel.parameters;

import io.citadel.core.ServiceException;
import java.util.Locale;

/**
 * AWS's rules for parameter names, paths and selectors ({@code name:version}, {@code name:label}),
 * and the parameter ARN that IAM policies name: {@code arn:aws:ssm:<region>:<account>:parameter/<name
 * without its leading slash>}.
 */
public final class ParameterNames {

    /** AWS reserves 1037 of the model's 2048 characters for itself; 1011 are left for a name. */
    public static final int MAX_NAME_CHARS = 1011;
    public static final int MAX_LEVELS = 15;

    private ParameterNames() {
    }

    /** A name a parameter may be created with; throws AWS's ValidationException or HierarchyLevelLimitExceededException. */
    static String checkNewName(String name) {
        checkName(name);
        String bare = name.startsWith("/") ? name.substring(1) : name;
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            throw ParameterErrors.validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). "
                    + "If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed "
                    + "as a mix of letters, numbers and the following 3 symbols .-_");
        }
        return name;
    }

    /** A name to look up (reserved prefixes allowed: reading /aws/... answers ParameterNotFound, not a validation error). */
    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw ParameterErrors.validation("Parameter name: length 0 (expected: 1.." + MAX_NAME_CHARS + ")");
        }
        if (name.length() > MAX_NAME_CHARS) {
            throw ParameterErrors.validation("Parameter name: length " + name.length() + " (expected: 1.." + MAX_NAME_CHARS + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '/')) {
                throw ParameterErrors.validation("Parameter name: invalid character at index " + i
                        + " (expected: a-zA-Z0-9_.-/)");
            }
        }
        if (name.indexOf('/') >= 0 && !name.startsWith("/")) {
            throw ParameterErrors.validation("Parameter name must be a fully qualified name.");
        }
        if (name.startsWith("/")) {
            if (name.length() == 1 || name.endsWith("/") || name.contains("//")) {
                throw ParameterErrors.validation("Parameter name: " + name + " has an empty level (expected: /level1/level2/...)");
            }
            int levels = levels(name);
            if (levels > MAX_LEVELS) {
                throw new ServiceException(ParameterErrors.HIERARCHY_LEVELS,
                        "A parameter name can't have more than " + MAX_LEVELS + " levels: " + levels + " levels");
            }
        }
        return name;
    }

    /** A path for GetParametersByPath / the Path filter: begins with a slash, at most 15 levels; "/" is the root. */
    static String checkPath(String path) {
        if (path == null || path.isEmpty() || !path.startsWith("/")) {
            throw ParameterErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter name "
                    + "must begin with a forward slash \"/\".");
        }
        if (path.equals("/")) {
            return path;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        checkName(trimmed);
        return trimmed;
    }

    static int levels(String name) {
        int n = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** arn:aws:ssm:region:account:parameter/name (leading slash dropped), as IAM and encryption context see it. */
    public static String arn(String region, String accountId, String nameOrPath) {
        String bare = nameOrPath.startsWith("/") ? nameOrPath.substring(1) : nameOrPath;
        return "arn:aws:ssm:" + region + ":" + accountId + ":parameter/" + bare;
    }

    /** A selector names one version: by number ({@code name:3}) or by label ({@code name:prod}). */
    record Selector(String name, Long version, String label) {

        String suffix() {
            return version != null ? ":" + version : label != null ? ":" + label : null;
        }
    }

    /** Parses {@code name}, {@code name:version} or {@code name:label}; also accepts the parameter's ARN. */
    static Selector parseSelector(String text, String region, String accountId) {
        if (text == null || text.isEmpty()) {
            throw ParameterErrors.validation("Parameter name: length 0 (expected: 1.." + MAX_NAME_CHARS + ")");
        }
        String s = text;
        String arnPrefix = "arn:aws:ssm:" + region + ":" + accountId + ":parameter";
        if (s.startsWith(arnPrefix + "/")) {
            String rest = s.substring(arnPrefix.length());
            s = rest.indexOf('/', 1) > 0 ? rest : rest.substring(1);
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Selector(checkName(s), null, null);
        }
        String name = checkName(s.substring(0, colon));
        String sel = s.substring(colon + 1);
        if (sel.isEmpty() || sel.indexOf(':') >= 0) {
            throw ParameterErrors.validation("Parameter selector: " + text + " (expected: name, name:version or name:label)");
        }
        if (sel.chars().allMatch(Character::isDigit)) {
            try {
                return new Selector(name, Long.parseLong(sel), null);
            } catch (NumberFormatException e) {
                throw ParameterErrors.validation("Parameter version: " + sel + " (expected: 1..9223372036854775807)");
            }
        }
        return new Selector(name, null, sel);
    }
}
