package io.citadel.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.Principal;
import io.citadel.core.audit.ApiCall;
import io.citadel.core.audit.ServiceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds the stored record of one {@link ApiCall} ({@link CompactEvent}, from which the CloudTrail
 * record, eventVersion 1.08, is written when it is read), with request parameters and response
 * elements redacted on the way in, and the facts the indexes need. As in CloudTrail, response
 * elements are kept only for calls that change state: a read-only call's record has none.
 */
public final class CloudTrailRecord {

    public static final String EVENT_VERSION = "1.08";
    public static final String INTERRUPTED = "Interrupted";
    public static final String INTERRUPTED_MESSAGE =
            "The server stopped before the call completed; whether it took effect is unknown.";

    /**
     * What the indexes and lookups need to know of an event, taken from the call without parsing JSON.
     *
     * @param accountId recipient account, or null when authentication failed
     * @param region    the call's region, or null
     * @param username  the LookupEvents Username ("root" for the root user), or null
     */
    public record Facts(String eventName, boolean readOnly, String username, String accessKeyId,
                        long eventSecond, String eventSource, String accountId, String region,
                        List<String> resourceArns) {
    }

    /** The stored body of a record (format 2, {@link CompactEvent}) and the facts about it. */
    public record Built(byte[] body, Facts facts) {
    }

    private CloudTrailRecord() {
    }

    /** The final event of {@code call}. */
    public static Built build(ApiCall call, Redactor redactor) {
        return build(call, redactor, true);
    }

    /** The intent of a state-changing call: the same record without response elements or an outcome. */
    public static Built buildIntent(ApiCall call, Redactor redactor) {
        return build(call, redactor, false);
    }

    private static Built build(ApiCall call, Redactor redactor, boolean outcome) {
        Principal p = call.principal();
        CompactEvent event = new CompactEvent(p == null ? 0 : p.type().ordinal() + 1, call.readOnly(), outcome,
                call.eventTime().getEpochSecond(), p == null ? null : p.userId(), p == null ? null : p.arn(),
                p == null ? null : p.accountId(), p != null ? p.accessKeyId() : call.accessKeyId(),
                p == null ? null : p.userName(), call.service(), call.operation(), call.region(), call.sourceIp(),
                call.userAgent(), outcome ? call.errorCode() : null, outcome ? call.errorMessage() : null, call.requestId(),
                redacted(redactor, call, Redactor.Direction.INPUT, call.requestParameters()),
                outcome && !call.readOnly() ? redacted(redactor, call, Redactor.Direction.OUTPUT, call.responseElements()) : null,
                call.resources());
        return new Built(event.encode(), event.facts());
    }

    /** A service event (CloudTrail's AwsServiceEvent): no caller; its additional event data is kept where request parameters go. */
    public static Built buildServiceEvent(ServiceEvent e) {
        CompactEvent event = new CompactEvent(CompactEvent.SERVICE, false, true, e.time().getEpochSecond(), null, null, e.account(), null,
                null, e.service(), e.eventName(), e.region(), null, null, null, e.errorMessage(), UUID.randomUUID().toString(),
                e.additionalEventDataJson() == null ? null : e.additionalEventDataJson().getBytes(StandardCharsets.UTF_8),
                null, e.resources());
        return new Built(event.encode(), event.facts());
    }

    private static byte[] redacted(Redactor redactor, ApiCall call, Redactor.Direction direction, ObjectNode tree) {
        if (tree == null) {
            return null;
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator g = CompactEvent.JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            redactor.write(g, call.service(), call.operation(), direction, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CloudTrail record", e);
        }
        return bytes.toByteArray();
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** CloudTrail's eventTime: ISO 8601 in UTC at second precision, e.g. {@code 2024-05-01T12:00:00Z}. */
    public static String isoSeconds(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The account field of an ARN ({@code arn:partition:service:region:account:resource}), or null. */
    static String arnAccount(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts[4] : null;
    }

    /** CloudFormation-style type of an ARN's resource, e.g. {@code AWS::KMS::Key} for {@code ...:key/1234}. */
    public static String resourceType(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6) {
            return "Unknown";
        }
        String service = parts[2];
        String resource = parts[5];
        int end = resource.indexOf('/');
        if (end < 0) {
            end = resource.indexOf(':');
        }
        String kind = end < 0 ? resource : resource.substring(0, end);
        String serviceName = switch (service) {
            case "kms" -> "KMS";
            case "ssm" -> "SSM";
            case "secretsmanager" -> "SecretsManager";
            case "iam" -> "IAM";
            case "sts" -> "STS";
            case "acm" -> "CertificateManager";
            case "acm-pca" -> "ACMPCA";
            case "events" -> "Events";
            case "wafv2" -> "WAFv2";
            default -> service.toUpperCase(Locale.ROOT);
        };
        return "AWS::" + serviceName + "::" + pascal(kind);
    }

    private static String pascal(String kind) {
        List<String> words = new ArrayList<>(List.of(kind.split("[-_]")));
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (!w.isEmpty()) {
                out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return out.isEmpty() ? "Unknown" : out.toString();
    }
}
