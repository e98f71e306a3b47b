package io.citadel.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * An HTTP endpoint outside AWS's signed API: a CRL or OCSP responder, an ACME directory. The server routes a
 * request here by method and path prefix before any SigV4 check, so the handler authenticates its caller itself
 * (ACME's JWS) or serves public data (CRLs, OCSP responses). Such requests are not AWS API calls and are not audited.
 *
 * @param method     upper-case HTTP method, or "*" for any
 * @param pathPrefix the path prefix this route owns, beginning with '/' (the longest matching prefix wins)
 * @param handler    answers the request; a RuntimeException becomes a 500 without details
 */
public record PublicRoute(String method, String pathPrefix, Function<WireRequest, WireResponse> handler) {

    public PublicRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(handler, "handler");
        if (!pathPrefix.startsWith("/") || pathPrefix.equals("/")) {
            throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: /something)");
        }
    }

    /** Whether this route answers {@code method} on {@code path}. */
    public boolean matches(String method, String path) {
        return (this.method.equals("*") || this.method.equals(method)) && path.startsWith(pathPrefix);
    }
}
