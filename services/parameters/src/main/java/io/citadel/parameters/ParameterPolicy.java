package io.citadel.parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One parameter policy (Advanced parameters only): Expiration at a timestamp, ExpirationNotification
 * a number of days or hours before it, NoChangeNotification after that long without a change.
 * {@link #parse} validates a Policies document as AWS does, with AWS's error codes.
 *
 * @param text          the policy's own JSON, as DescribeParameters returns it in PolicyText
 * @param offsetSeconds Before (ExpirationNotification) or After (NoChangeNotification), in seconds
 * @param actedAt       when the policy was carried out (its notification sent); null while Pending
 */
public record ParameterPolicy(Type type, String text, Instant timestamp, Long offsetSeconds, Instant actedAt) {

    /** AWS's PolicyStatus: Pending until the policy acted, then Finished. */
    public String status() {
        return actedAt == null ? "Pending" : "Finished";
    }

    ParameterPolicy acted(Instant at) {
        return new ParameterPolicy(type, text, timestamp, offsetSeconds, at);
    }

    public enum Type { Expiration, ExpirationNotification, NoChangeNotification }

    static final int MAX_POLICIES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ErrorCode INVALID_TYPE = ErrorCode.sender("InvalidPolicyTypeException", 400);
    private static final ErrorCode INVALID_ATTRIBUTE = ErrorCode.sender("InvalidPolicyAttributeException", 400);
    private static final ErrorCode INCOMPATIBLE = ErrorCode.sender("IncompatiblePolicyException", 400);
    private static final ErrorCode LIMIT = ErrorCode.sender("PoliciesLimitExceededException", 400);

    /** The policies of a Policies document ("[]" or blank: none); {@code now} bounds Expiration timestamps. */
    static List<ParameterPolicy> parse(String document, Instant now) {
        if (document == null || document.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new ServiceException(INVALID_ATTRIBUTE, "Policies: not a JSON document");
        }
        if (root == null || !root.isArray()) {
            throw new ServiceException(INVALID_ATTRIBUTE, "Policies: expected a JSON array of policies");
        }
        if (root.size() > MAX_POLICIES) {
            throw new ServiceException(LIMIT, "Policies: " + root.size() + " policies (expected: at most " + MAX_POLICIES + ")");
        }
        List<ParameterPolicy> out = new ArrayList<>();
        Set<Type> seen = new HashSet<>();
        for (JsonNode node : root) {
            Type type;
            try {
                type = Type.valueOf(node.path("Type").asText(""));
            } catch (IllegalArgumentException e) {
                throw new ServiceException(INVALID_TYPE, "Policy Type: " + node.path("Type").asText("(missing)")
                        + " (expected: Expiration, ExpirationNotification, NoChangeNotification)");
            }
            if (!seen.add(type)) {
                throw new ServiceException(INCOMPATIBLE, "Policies: more than one " + type + " policy");
            }
            if (!"1.0".equals(node.path("Version").asText())) {
                throw new ServiceException(INVALID_ATTRIBUTE, type + " Version: " + node.path("Version").asText("(missing)")
                        + " (expected: 1.0)");
            }
            JsonNode attributes = node.path("Attributes");
            String text = node.toString();
            out.add(switch (type) {
                case Expiration -> new ParameterPolicy(type, text, timestamp(attributes, now), null, null);
                case ExpirationNotification -> new ParameterPolicy(type, text, null, amount(type, attributes, "Before").toSeconds(), null);
                case NoChangeNotification -> new ParameterPolicy(type, text, null, amount(type, attributes, "After").toSeconds(), null);
            });
        }
        if (seen.contains(Type.ExpirationNotification) && !seen.contains(Type.Expiration)) {
            throw new ServiceException(INCOMPATIBLE, "An ExpirationNotification policy needs an Expiration policy");
        }
        return List.copyOf(out);
    }

    private static Instant timestamp(JsonNode attributes, Instant now) {
        String text = attributes.path("Timestamp").asText("");
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ServiceException(INVALID_ATTRIBUTE, "Expiration Timestamp: " + text + " (expected: ISO 8601, e.g. 2030-12-02T21:34:33.000Z)");
        }
        if (!at.isAfter(now)) {
            throw new ServiceException(INVALID_ATTRIBUTE, "Expiration Timestamp: " + text + " (expected: in the future)");
        }
        return at;
    }

    private static Duration amount(Type type, JsonNode attributes, String member) {
        String text = attributes.path(member).asText("");
        String unit = attributes.path("Unit").asText("");
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 100_000) {
            throw new ServiceException(INVALID_ATTRIBUTE, type + " " + member + ": " + text + " (expected: a whole number 1..100000)");
        }
        return switch (unit) {
            case "Days" -> Duration.ofDays(n);
            case "Hours" -> Duration.ofHours(n);
            default -> throw new ServiceException(INVALID_ATTRIBUTE, type + " Unit: " + unit + " (expected: Days, Hours)");
        };
    }

    /** When this policy acts for a version written at {@code written}, given the set's Expiration (if any). */
    Instant dueAt(Instant written, Instant expiration) {
        Duration offset = offsetSeconds == null ? Duration.ZERO : Duration.ofSeconds(offsetSeconds);
        return switch (type) {
            case Expiration -> timestamp;
            case ExpirationNotification -> expiration.minus(offset).isBefore(written) ? written : expiration.minus(offset);
            case NoChangeNotification -> written.plus(offset);
        };
    }
}
