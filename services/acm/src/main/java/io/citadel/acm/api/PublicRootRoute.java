package io.citadel.acm.api;

import io.citadel.acm.InProcessIssuer;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /acm/public-root.pem}: the in-process issuer's public root certificate, the one clients trust to accept
 * ACM's "public" certificates. Public data, outside the signed API like a CA's certificate distribution point.
 */
public final class PublicRootRoute {

    public static final String PATH = "/acm/public-root.pem";

    private PublicRootRoute() {
    }

    public static PublicRoute create(InProcessIssuer issuer) {
        return new PublicRoute("GET", PATH, request -> request.rawPath().equals(PATH)
                ? new WireResponse(200, "application/x-pem-file", Map.of("Cache-Control", "max-age=3600"),
                        Pem.encode(Pem.CERTIFICATE, issuer.publicRoot()).getBytes(StandardCharsets.US_ASCII))
                : new WireResponse(404, "text/plain; charset=utf-8", Map.of(), "not found\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
