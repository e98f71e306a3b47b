package io.citadel.protocol;

import io.citadel.core.ServiceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AWS model's member constraints (required, length, range, enum, pattern), checked by the
 * generated shapes' constructors. Every violation of one input is collected into a single
 * {@code ValidationException} worded as AWS words it; values are never echoed except for enum
 * members, which cannot hold a secret.
 */
public final class Constraints {

    private final List<String> violations = new ArrayList<>(0);

    public void required(String member, Object value) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
    }

    public void length(String member, Object value, int min, int max) {
        int length = switch (value) {
            case null -> -1;
            case String s -> s.length();
            case byte[] b -> b.length;
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            default -> throw new IllegalArgumentException("length constraint on " + value.getClass().getSimpleName());
        };
        if (length < 0) {
            return;
        }
        if (length < min) {
            violations.add("Value at '" + member + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        } else if (length > max) {
            violations.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    public void range(String member, Number value, long min, long max) {
        if (value == null) {
            return;
        }
        if (value.longValue() < min) {
            violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (value.longValue() > max) {
            violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
    }

    public void oneOf(String member, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
            violations.add("Value '" + shown + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + allowed);
        }
    }

    public void pattern(String member, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            violations.add("Value at '" + member + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + pattern.pattern());
        }
    }

    /** Throws one ValidationException naming every violation, if there was any. */
    public void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        String count = violations.size() == 1 ? "1 validation error detected: " : violations.size() + " validation errors detected: ";
        throw ServiceException.validation(count + String.join("; ", violations));
    }
}
