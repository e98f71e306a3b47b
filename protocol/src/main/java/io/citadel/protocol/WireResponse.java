package io.citadel.protocol;

import java.util.Map;

/** An HTTP response produced by a protocol codec: status, content type, extra headers and body. */
public record WireResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public WireResponse {
        headers = Map.copyOf(headers);
    }
}
