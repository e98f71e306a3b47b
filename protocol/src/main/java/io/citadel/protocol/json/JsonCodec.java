package io.citadel.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import io.citadel.protocol.AwsMappers;
import io.citadel.protocol.ErrorTranslation;
import io.citadel.protocol.Operation;
import io.citadel.protocol.WireResponse;
import io.citadel.protocol.sigv4.AuthFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The awsJson 1.0 / 1.1 codec: decodes a body into an operation's input record and encodes outputs
 * and errors ({@code {"__type": code, "message": ...}} plus {@code x-amzn-ErrorType}).
 */
public final class JsonCodec {

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final ObjectMapper mapper = AwsMappers.json();

    /** Parses a request body into its members; an empty body is the empty object, as AWS accepts. */
    public ObjectNode parse(byte[] body) {
        byte[] json = isBlank(body) ? EMPTY_OBJECT : body;
        try {
            if (!(mapper.readTree(json) instanceof ObjectNode tree)) {
                throw new ServiceException(ErrorCode.SERIALIZATION, "The request body must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw ErrorTranslation.fromJackson(e, ErrorCode.SERIALIZATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds parsed members to the operation's input record. */
    public Object decode(Operation<?, ?> operation, ObjectNode members) {
        try {
            return mapper.treeToValue(members, operation.inputType());
        } catch (JsonProcessingException e) {
            throw ErrorTranslation.fromJackson(e, ErrorCode.SERIALIZATION);
        }
    }

    /** The members of an output record ({@code {}} for none). */
    public ObjectNode encode(Object output) {
        return output == null ? mapper.createObjectNode() : mapper.valueToTree(output);
    }

    public WireResponse success(String contentType, ObjectNode members) {
        try {
            return new WireResponse(200, contentType, Map.of(), mapper.writeValueAsBytes(members));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    public WireResponse error(ErrorCode code, String message, String contentType) {
        ObjectNode node = mapper.createObjectNode();
        node.put("__type", code.code());
        node.put("message", message);
        try {
            return new WireResponse(code.httpStatus(), contentType, Map.of("x-amzn-ErrorType", code.code()),
                    mapper.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an error", e);
        }
    }

    /** The json-protocol error for a failed SigV4 check, as AWS's json services report it. */
    public static ErrorCode authError(AuthFailure failure) {
        return switch (failure) {
            case MISSING_AUTHENTICATION -> ErrorCode.sender("MissingAuthenticationTokenException", 403);
            case INCOMPLETE_SIGNATURE -> ErrorCode.sender("IncompleteSignatureException", 400);
            case UNKNOWN_ACCESS_KEY -> ErrorCode.sender("UnrecognizedClientException", 400);
            case SIGNATURE_MISMATCH, REQUEST_TIME_SKEWED -> ErrorCode.sender("InvalidSignatureException", 400);
            case PRESIGNED_URL_EXPIRED -> ErrorCode.sender("RequestExpired", 400);
        };
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
