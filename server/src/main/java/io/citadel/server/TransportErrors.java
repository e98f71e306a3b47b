package io.citadel.server;

import java.nio.charset.StandardCharsets;

/**
 * Errors the transport answers before any protocol is known (oversized, malformed or slow
 * requests). They use the json error shape, which every AWS SDK can read.
 */
final class TransportErrors {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private TransportErrors() {
    }

    static byte[] body(String code, String message) {
        return ("{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
