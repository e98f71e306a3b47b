package io.citadel.pca.api;

import io.citadel.pca.Pca;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The unauthenticated revocation endpoints that issued certificates name: {@code GET /pca/crl/<ca-id>.crl} (DER CRL),
 * {@code POST /pca/ocsp/<ca-id>} (DER OCSP request body) and {@code GET /pca/ocsp/<ca-id>/<base64 request>} (RFC 6960 A.1).
 */
public final class PcaPublicRoutes {

    static final String CRL_PREFIX = "/pca/crl/";
    static final String OCSP_PREFIX = "/pca/ocsp/";

    private PcaPublicRoutes() {
    }

    public static List<PublicRoute> create(Pca pca) {
        return List.of(
                new PublicRoute("GET", CRL_PREFIX, request -> crl(pca, request)),
                new PublicRoute("POST", OCSP_PREFIX, request -> ocspPost(pca, request)),
                new PublicRoute("GET", OCSP_PREFIX, request -> ocspGet(pca, request)));
    }

    private static WireResponse crl(Pca pca, WireRequest request) {
        String name = request.rawPath().substring(CRL_PREFIX.length());
        if (!name.endsWith(".crl")) {
            return notFound();
        }
        return pca.revocation().crl(name.substring(0, name.length() - 4))
                .map(der -> new WireResponse(200, "application/pkix-crl", Map.of("Cache-Control", "max-age=300"), der))
                .orElseGet(PcaPublicRoutes::notFound);
    }

    private static WireResponse ocspPost(Pca pca, WireRequest request) {
        String id = request.rawPath().substring(OCSP_PREFIX.length());
        if (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        return ocsp(pca.revocation().ocsp(id, request.body()));
    }

    private static WireResponse ocspGet(Pca pca, WireRequest request) {
        String rest = request.rawPath().substring(OCSP_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return notFound();
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            der = new byte[0];
        }
        return ocsp(pca.revocation().ocsp(rest.substring(0, slash), der));
    }

    private static WireResponse ocsp(byte[] response) {
        return new WireResponse(200, "application/ocsp-response", Map.of(), response);
    }

    private static WireResponse notFound() {
        return new WireResponse(404, "text/plain", Map.of(), "no such CRL\n".getBytes(StandardCharsets.US_ASCII));
    }
}
