package io.citadel.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an event or intent (body format 2, docs/audit.md): the call's members in a
 * length-prefixed binary layout, with request parameters and response elements as redacted JSON.
 * About half the bytes of the CloudTrail JSON, and no field names to write on the caller's thread
 * or to hash, seal and sync on the writer's; the CloudTrail record is built from it when it is read
 * (LookupEvents, export), with the eventID derived from the record's position.
 *
 * @param principalType 0 when authentication failed, else {@code Principal.Type.ordinal() + 1}
 * @param outcome       false for an intent (no error, no response elements yet)
 * @param accessKeyId   the caller's key, or the key the request named when authentication failed
 */
record CompactEvent(int principalType, boolean readOnly, boolean outcome, long eventSecond, String principalId,
                    String arn, String accountId, String accessKeyId, String userName, String service, String operation,
                    String region, String sourceIp, String userAgent, String errorCode, String errorMessage,
                    String requestId, byte[] requestParameters, byte[] responseElements, List<String> resources) {

    static final byte FORMAT = 2;
    static final int ROOT = 1;
    /** principalType of a service event (CloudTrail's AwsServiceEvent): no caller, the service acted. */
    static final int SERVICE = 9;
    private static final int NULL = 0xffff;
    private static final int LONG = 0xfffe;

    /** Shares Jackson's buffers across virtual threads (the default pool is per thread, so every call allocated its own). */
    static final JsonFactory JSON = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    /** Whether a log record body is in this format (legacy bodies are CloudTrail JSON and start with '{'). */
    static boolean is(byte[] body) {
        return body.length > 0 && body[0] == FORMAT;
    }

    String eventSource() {
        return service + ".amazonaws.com";
    }

    /** The LookupEvents Username: "root" for the root user, the user name otherwise, null when unauthenticated. */
    String username() {
        return principalType == 0 || principalType == SERVICE ? null : principalType == ROOT ? "root" : userName;
    }

    /** The recipient account, or null when authentication failed. */
    String recipientAccountId() {
        return principalType == 0 ? null : accountId;
    }

    CloudTrailRecord.Facts facts() {
        return new CloudTrailRecord.Facts(operation, readOnly, username(), accessKeyId, eventSecond, eventSource(),
                recipientAccountId(), region, resources);
    }

    /** The same event as a final event that did not complete: errorCode Interrupted, no response elements. */
    CompactEvent interrupted() {
        return new CompactEvent(principalType, readOnly, true, eventSecond, principalId, arn, accountId, accessKeyId,
                userName, service, operation, region, sourceIp, userAgent, CloudTrailRecord.INTERRUPTED,
                CloudTrailRecord.INTERRUPTED_MESSAGE, requestId, requestParameters, null, resources);
    }

    StoredEvent stored(long seq, String eventId) {
        return new StoredEvent(seq, eventId, operation, readOnly, accessKeyId, Instant.ofEpochSecond(eventSecond), eventSource(),
                username(), recipientAccountId(), region, resources, new String(cloudTrailJson(eventId), StandardCharsets.UTF_8));
    }

    /**
     * {@code format(1)=2 flags(1) principalType(1) eventSecond(8)}, then the strings principalId, arn,
     * accountId, accessKeyId, userName, service, operation, region, sourceIp, userAgent, errorCode,
     * errorMessage, requestId, then requestParameters and responseElements (redacted JSON, as strings),
     * then {@code count(2)} resource ARNs. A string is {@code length(2)} and UTF-8, length 0xFFFF for null
     * and 0xFFFE followed by {@code length(4)} for 65,534 bytes or more. Flags: 1 readOnly, 2 outcome.
     */
    byte[] encode() {
        byte[][] parts = {utf8(principalId), utf8(arn), utf8(accountId), utf8(accessKeyId), utf8(userName), utf8(service),
            utf8(operation), utf8(region), utf8(sourceIp), utf8(userAgent), utf8(errorCode), utf8(errorMessage),
            utf8(requestId), requestParameters, responseElements};
        int size = 1 + 1 + 1 + 8 + 2;
        for (byte[] p : parts) {
            size += sizeOf(p);
        }
        byte[][] arns = new byte[resources.size()][];
        for (int i = 0; i < arns.length; i++) {
            arns[i] = utf8(resources.get(i));
            size += sizeOf(arns[i]);
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).put((byte) ((readOnly ? 1 : 0) | (outcome ? 2 : 0)))
                .put((byte) principalType).putLong(eventSecond);
        for (byte[] p : parts) {
            put(out, p);
        }
        out.putShort((short) arns.length);
        for (byte[] a : arns) {
            put(out, a);
        }
        return out.array();
    }

    static CompactEvent decode(byte[] body) {
        if (!is(body) || body.length < 13) {
            throw new IllegalArgumentException("audit event body: " + body.length + " bytes (expected: format 2)");
        }
        ByteBuffer in = ByteBuffer.wrap(body, 1, body.length - 1);
        int flags = in.get();
        int type = in.get() & 0xff;
        long second = in.getLong();
        String[] s = new String[13];
        for (int i = 0; i < s.length; i++) {
            s[i] = string(in);
        }
        byte[] request = bytes(in);
        byte[] response = bytes(in);
        int count = in.getShort() & 0xffff;
        List<String> arns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arns.add(string(in));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("audit event body: " + in.remaining() + " trailing bytes");
        }
        return new CompactEvent(type, (flags & 1) != 0, (flags & 2) != 0, second, s[0], s[1], s[2], s[3], s[4], s[5], s[6],
                s[7], s[8], s[9], s[10], s[11], s[12], request, response, List.copyOf(arns));
    }

    /** Reads a record stored before body format 2 (CloudTrail JSON). */
    static CompactEvent fromLegacyJson(byte[] json) {
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = LEGACY.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("audit record is neither format 2 nor JSON", e);
        }
        com.fasterxml.jackson.databind.JsonNode who = n.path("userIdentity");
        String type = who.path("type").asText();
        List<String> arns = new ArrayList<>();
        n.path("resources").forEach(r -> arns.add(r.path("ARN").asText()));
        String source = text(n, "eventSource");
        return new CompactEvent("Unknown".equals(type) ? 0 : "Root".equals(type) ? ROOT : 2, n.path("readOnly").asBoolean(),
                n.has("responseElements"), Instant.parse(n.path("eventTime").asText()).getEpochSecond(), text(who, "principalId"),
                text(who, "arn"), text(who, "accountId"), text(who, "accessKeyId"), text(who, "userName"),
                source == null ? null : source.replace(".amazonaws.com", ""), text(n, "eventName"), text(n, "awsRegion"),
                text(n, "sourceIPAddress"), text(n, "userAgent"), text(n, "errorCode"), text(n, "errorMessage"),
                text(n, "requestID"), rawJson(n.get("requestParameters")), rawJson(n.get("responseElements")), List.copyOf(arns));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper LEGACY = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        com.fasterxml.jackson.databind.JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] rawJson(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null || n.isNull() ? null : n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The CloudTrail record (eventVersion 1.08), member for member as the trail wrote it before format 2. */
    byte[] cloudTrailJson(String eventId) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(768);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("eventVersion", CloudTrailRecord.EVENT_VERSION);
            g.writeObjectFieldStart("userIdentity");
            boolean serviceEvent = principalType == SERVICE;
            if (serviceEvent) {
                g.writeStringField("accountId", accountId);
                g.writeStringField("invokedBy", eventSource());
            } else if (principalType == 0) {
                g.writeStringField("type", "Unknown");
                field(g, "accessKeyId", accessKeyId);
            } else {
                g.writeStringField("type", principalType == ROOT ? "Root" : "IAMUser");
                g.writeStringField("principalId", principalId);
                g.writeStringField("arn", arn);
                g.writeStringField("accountId", accountId);
                g.writeStringField("accessKeyId", accessKeyId);
                field(g, "userName", userName);
            }
            g.writeEndObject();
            g.writeStringField("eventTime", CloudTrailRecord.isoSeconds(Instant.ofEpochSecond(eventSecond)));
            g.writeStringField("eventSource", eventSource());
            g.writeStringField("eventName", operation);
            field(g, "awsRegion", region);
            field(g, "sourceIPAddress", serviceEvent ? eventSource() : sourceIp);
            field(g, "userAgent", serviceEvent ? eventSource() : userAgent);
            if (outcome) {
                field(g, "errorCode", errorCode);
                field(g, "errorMessage", errorMessage);
            }
            if (serviceEvent) {
                g.writeNullField("requestParameters");
                g.writeNullField("responseElements");
                raw(g, "additionalEventData", requestParameters);
            } else {
                raw(g, "requestParameters", requestParameters);
                if (outcome) {
                    raw(g, "responseElements", responseElements);
                }
            }
            g.writeStringField("requestID", requestId);
            g.writeStringField("eventID", eventId);
            g.writeBooleanField("readOnly", readOnly);
            if (!resources.isEmpty()) {
                g.writeArrayFieldStart("resources");
                for (String resource : resources) {
                    g.writeStartObject();
                    g.writeStringField("ARN", resource);
                    field(g, "accountId", CloudTrailRecord.arnAccount(resource));
                    g.writeStringField("type", CloudTrailRecord.resourceType(resource));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeStringField("eventType", serviceEvent ? "AwsServiceEvent" : "AwsApiCall");
            g.writeBooleanField("managementEvent", true);
            field(g, "recipientAccountId", recipientAccountId());
            g.writeStringField("eventCategory", "Management");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CloudTrail record", e);
        }
        return bytes.toByteArray();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void raw(JsonGenerator g, String name, byte[] json) throws IOException {
        g.writeFieldName(name);
        if (json == null) {
            g.writeNull();
        } else {
            g.writeRawValue(new String(json, StandardCharsets.UTF_8));
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int sizeOf(byte[] b) {
        return b == null ? 2 : b.length >= LONG ? 6 + b.length : 2 + b.length;
    }

    private static void put(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putShort((short) NULL);
        } else if (b.length >= LONG) {
            out.putShort((short) LONG).putInt(b.length).put(b);
        } else {
            out.putShort((short) b.length).put(b);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        if (length == NULL) {
            return null;
        }
        if (length == LONG) {
            length = in.getInt();
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("audit event body: a member of " + length + " bytes exceeds the body");
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static String string(ByteBuffer in) {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
