package io.citadel.acme;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An order's identifier (RFC 8555 section 9.7.7). Only "dns" is supported; the value is a lower-case host name,
 * optionally a wildcard ({@code *.example.com}), which only dns-01 can authorize.
 */
public record Identifier(String type, String value) {

    public static final String DNS = "dns";
    public static final int MAX_NAME_CHARS = 253;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IP_LIKE = Pattern.compile("[0-9.]+|.*:.*");

    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public boolean wildcard() {
        return value.startsWith("*.");
    }

    /** The name an authorization covers: the value without its wildcard label. */
    public String base() {
        return wildcard() ? value.substring(2) : value;
    }

    /**
     * Checks a requested identifier and returns it normalised (lower case, no trailing dot). Throws
     * unsupportedIdentifier for another type and rejectedIdentifier for a name this server will not certify.
     */
    public static Identifier requested(String type, String value) {
        if (type == null || value == null) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "identifier: type and value are required");
        }
        if (!type.equals(DNS)) {
            throw new AcmeProblem(AcmeProblem.Type.UNSUPPORTED_IDENTIFIER, "identifier type: " + type + " (expected: dns)");
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String check = name.startsWith("*.") ? name.substring(2) : name;
        if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            throw rejected(value, "length " + value.length() + " (expected: 1.." + MAX_NAME_CHARS + ")");
        }
        if (IP_LIKE.matcher(check).matches()) {
            throw rejected(value, "an IP address (expected: a DNS name; ip identifiers are not supported)");
        }
        String[] labels = check.split("\\.", -1);
        if (labels.length < 2) {
            throw rejected(value, "a single label (expected: a fully qualified name such as host.example.com)");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw rejected(value, "label '" + label + "' (expected: 1..63 of a-z, 0-9 and '-', not starting or ending with '-')");
            }
        }
        return new Identifier(DNS, name);
    }

    private static AcmeProblem rejected(String value, String why) {
        return new AcmeProblem(AcmeProblem.Type.REJECTED_IDENTIFIER, "identifier " + value + ": " + why);
    }
}
