package io.citadel.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as the protocol layer sees it, independent of the server library.
 *
 * @param method     upper-case HTTP method
 * @param rawPath    the request target's path exactly as received (still percent-encoded)
 * @param rawQuery   the query string exactly as received, without '?', empty when absent
 * @param headers    header names lower-cased, values in arrival order
 * @param body       the full body
 * @param sourceIp   the peer address
 * @param secure     whether the request arrived over TLS
 */
public record WireRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String sourceIp,
        boolean secure) {

    public WireRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
