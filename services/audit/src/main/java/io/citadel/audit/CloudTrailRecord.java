package io.citadel.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citadel.core.Principal;
import io.citadel.core.audit.ApiCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the CloudTrail record (eventVersion 1.08) of one {@link ApiCall} as UTF-8 JSON bytes, with
 * request parameters and response elements redacted on the way out, and the facts the indexes need.
 * One serialization per event: the bytes are what the chain hashes, stores, exports and returns.
 */
public final class CloudTrailRecord {

    public static final String EVENT_VERSION = "1.08";
    public static final String INTERRUPTED = "Interrupted";
    public static final String INTERRUPTED_MESSAGE =
            "The server stopped before the call completed; whether it took effect is unknown.";

    private static final JsonFactory JSON = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();

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

    /**
     * The bytes of a record, where its eventID placeholder starts (the writer puts the real id there
     * once the record's position is known), and the facts about it.
     */
    public record Built(byte[] json, int eventIdOffset, Facts facts) {
    }

    /** Stands in for the eventID until the writer assigns the record its position; 36 ASCII bytes. */
    public static final String EVENT_ID_PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

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
        String account = p == null ? null : p.accountId();
        String eventSource = call.service() + ".amazonaws.com";
        long second = call.eventTime().getEpochSecond();
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        int eventIdOffset;
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("eventVersion", EVENT_VERSION);
            g.writeObjectFieldStart("userIdentity");
            if (p == null) {
                g.writeStringField("type", "Unknown");
                stringField(g, "accessKeyId", call.accessKeyId());
            } else {
                g.writeStringField("type", p.type() == Principal.Type.ROOT ? "Root" : "IAMUser");
                g.writeStringField("principalId", p.userId());
                g.writeStringField("arn", p.arn());
                g.writeStringField("accountId", p.accountId());
                g.writeStringField("accessKeyId", p.accessKeyId());
                stringField(g, "userName", p.userName());
            }
            g.writeEndObject();
            g.writeStringField("eventTime", isoSeconds(call.eventTime()));
            g.writeStringField("eventSource", eventSource);
            g.writeStringField("eventName", call.operation());
            stringField(g, "awsRegion", call.region());
            stringField(g, "sourceIPAddress", call.sourceIp());
            stringField(g, "userAgent", call.userAgent());
            if (outcome) {
                stringField(g, "errorCode", call.errorCode());
                stringField(g, "errorMessage", call.errorMessage());
            }
            g.writeFieldName("requestParameters");
            if (call.requestParameters() == null) {
                g.writeNull();
            } else {
                redactor.write(g, call.service(), call.operation(), Redactor.Direction.INPUT, call.requestParameters());
            }
            if (outcome) {
                g.writeFieldName("responseElements");
                if (call.responseElements() == null) {
                    g.writeNull();
                } else {
                    redactor.write(g, call.service(), call.operation(), Redactor.Direction.OUTPUT, call.responseElements());
                }
            }
            g.writeStringField("requestID", call.requestId());
            g.writeStringField("eventID", EVENT_ID_PLACEHOLDER);
            g.flush();
            eventIdOffset = bytes.size() - 1 - EVENT_ID_PLACEHOLDER.length();
            g.writeBooleanField("readOnly", call.readOnly());
            if (!call.resources().isEmpty()) {
                g.writeArrayFieldStart("resources");
                for (String arn : call.resources()) {
                    g.writeStartObject();
                    g.writeStringField("ARN", arn);
                    stringField(g, "accountId", arnAccount(arn));
                    g.writeStringField("type", resourceType(arn));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeStringField("eventType", "AwsApiCall");
            g.writeBooleanField("managementEvent", true);
            stringField(g, "recipientAccountId", account);
            g.writeStringField("eventCategory", "Management");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CloudTrail record", e);
        }
        String username = p == null ? null : p.type() == Principal.Type.ROOT ? "root" : p.userName();
        String accessKeyId = p != null ? p.accessKeyId() : call.accessKeyId();
        Facts facts = new Facts(call.operation(), call.readOnly(), username, accessKeyId, second, eventSource,
                account, call.region(), call.resources());
        return new Built(bytes.toByteArray(), eventIdOffset, facts);
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
