package io.citadel.protocol.sigv4;

import io.citadel.protocol.WireRequest;
import java.util.Optional;

/**
 * The access key id a request names in its Authorization header or presigned query, without
 * verifying anything: what the audit trail records for requests that fail authentication.
 */
public final class ClaimedAccessKey {

    private static final int MAX_LENGTH = 128;

    private ClaimedAccessKey() {
    }

    public static Optional<String> of(WireRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            return after(authorization, "Credential=");
        }
        String query = request.rawQuery();
        int at = query.indexOf("X-Amz-Credential=");
        if (at < 0) {
            return Optional.empty();
        }
        String rest = query.substring(at + "X-Amz-Credential=".length());
        int slash = rest.toUpperCase(java.util.Locale.ROOT).indexOf("%2F");
        return valid(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static Optional<String> after(String header, String marker) {
        int at = header.indexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + marker.length();
        int end = header.indexOf('/', start);
        return end < 0 ? Optional.empty() : valid(header.substring(start, end));
    }

    private static Optional<String> valid(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
        }
        return Optional.of(id);
    }
}
