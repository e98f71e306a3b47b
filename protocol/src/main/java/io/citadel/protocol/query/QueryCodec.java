package io.citadel.protocol.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import io.citadel.protocol.AwsMappers;
import io.citadel.protocol.ErrorTranslation;
import io.citadel.protocol.Operation;
import io.citadel.protocol.WireProtocol;
import io.citadel.protocol.WireResponse;
import io.citadel.protocol.sigv4.AuthFailure;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS query codec: flattened form parameters ({@code Tags.member.1.Key=...}) in, XML out
 * ({@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>}), and the XML
 * {@code ErrorResponse}.
 */
public final class QueryCodec {

    public static final String CONTENT_TYPE = "text/xml";

    private final ObjectMapper mapper = AwsMappers.query();

    /** The members the form parameters other than Action, Version and X-Amz-* spell, lists and maps unflattened. */
    public ObjectNode members(Map<String, String> parameters) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getKey().equals("Action") || p.getKey().equals("Version") || p.getKey().startsWith("X-Amz-")) {
                continue;
            }
            place(root, p.getKey().split("\\.", -1), p.getValue());
        }
        return (ObjectNode) listify(root);
    }

    /** Binds members to the operation's input record. */
    public Object decode(Operation<?, ?> operation, ObjectNode members) {
        try {
            return mapper.treeToValue(members, operation.inputType());
        } catch (JsonProcessingException e) {
            throw ErrorTranslation.fromJackson(e, ErrorCode.VALIDATION_ERROR);
        }
    }

    /** The members of an output record ({@code {}} for none). */
    public ObjectNode encode(Object output) {
        return output == null ? JsonNodeFactory.instance.objectNode() : mapper.valueToTree(output);
    }

    /** Renders a successful output for {@code action}. */
    public WireResponse success(WireProtocol.Query protocol, String action, ObjectNode members, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<").append(action).append("Response xmlns=\"").append(protocol.xmlNamespace()).append("\">");
        xml.append("<").append(action).append("Result>");
        writeChildren(xml, members);
        xml.append("</").append(action).append("Result>");
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>");
        return new WireResponse(200, CONTENT_TYPE, Map.of(), xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Query services (IAM, STS) call a denied request {@code AccessDenied}, with status 403. */
    static final ErrorCode ACCESS_DENIED = ErrorCode.sender("AccessDenied", 403);

    /** Renders an AWS query {@code ErrorResponse}. */
    public WireResponse error(ErrorCode errorCode, String message, String requestId) {
        ErrorCode code = wireCode(errorCode);
        StringBuilder xml = new StringBuilder(256);
        xml.append("<ErrorResponse><Error><Type>")
                .append(code.fault() == ErrorCode.Fault.SENDER ? "Sender" : "Receiver")
                .append("</Type><Code>").append(escape(code.code()))
                .append("</Code><Message>").append(escape(message))
                .append("</Message></Error><RequestId>").append(requestId).append("</RequestId></ErrorResponse>");
        return new WireResponse(code.httpStatus(), CONTENT_TYPE, Map.of(), xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The code a query client receives for {@code code}. */
    public static ErrorCode wireCode(ErrorCode code) {
        return code.equals(ErrorCode.ACCESS_DENIED) ? ACCESS_DENIED : code;
    }

    /** The query-protocol error for a failed SigV4 check, as STS and IAM report it. */
    public static ErrorCode authError(AuthFailure failure) {
        return switch (failure) {
            case MISSING_AUTHENTICATION -> ErrorCode.sender("MissingAuthenticationToken", 403);
            case INCOMPLETE_SIGNATURE -> ErrorCode.sender("IncompleteSignature", 400);
            case UNKNOWN_ACCESS_KEY -> ErrorCode.sender("InvalidClientTokenId", 403);
            case SIGNATURE_MISMATCH, REQUEST_TIME_SKEWED -> ErrorCode.sender("SignatureDoesNotMatch", 403);
            case PRESIGNED_URL_EXPIRED -> ErrorCode.sender("RequestExpired", 400);
        };
    }

    private static void place(ObjectNode node, String[] path, String value) {
        ObjectNode current = node;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = current.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = current.putObject(path[i]);
            }
            current = (ObjectNode) child;
        }
        current.put(path[path.length - 1], value);
    }

    /** Turns {@code {member: {1: a, 2: b}}} into {@code [a, b]} and {@code entry.N.key/value} into maps. */
    private static JsonNode listify(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        if (object.size() == 1 && object.has("member") && object.get("member") instanceof ObjectNode members) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : byIndex(members).values()) {
                array.add(listify(item));
            }
            return array;
        }
        if (object.size() == 1 && object.has("entry") && object.get("entry") instanceof ObjectNode entries) {
            ObjectNode map = JsonNodeFactory.instance.objectNode();
            for (JsonNode entry : byIndex(entries).values()) {
                JsonNode key = entry.get("key");
                if (key != null) {
                    map.set(key.asText(), listify(entry.get("value")));
                }
            }
            return map;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.set(field.getKey(), listify(field.getValue()));
        }
        return out;
    }

    private static TreeMap<Integer, JsonNode> byIndex(ObjectNode indexed) {
        TreeMap<Integer, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = indexed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            try {
                sorted.put(Integer.parseInt(field.getKey()), field.getValue());
            } catch (NumberFormatException e) {
                throw new ServiceException(ErrorCode.VALIDATION_ERROR, "List index must be a number: " + field.getKey());
            }
        }
        return sorted;
    }

    private static void writeChildren(StringBuilder xml, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            writeElement(xml, field.getKey(), field.getValue());
        }
    }

    private static void writeElement(StringBuilder xml, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        xml.append('<').append(name).append('>');
        if (value.isArray()) {
            for (JsonNode item : value) {
                writeElement(xml, "member", item);
            }
        } else if (value.isObject()) {
            writeChildren(xml, value);
        } else {
            xml.append(escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
