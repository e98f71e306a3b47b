package io.citadel.acm.api;

import io.citadel.acm.Acm;
import io.citadel.acm.Validations;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The approval links of EMAIL validation, outside the signed API: {@code GET /acm/approve/<token>} shows a page with
 * an "I Approve" button (so a mail scanner that follows links approves nothing), {@code POST} to the same path
 * approves. The token is the capability; unknown and expired tokens get one answer.
 */
public final class ApprovalRoute {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private ApprovalRoute() {
    }

    public static PublicRoute create(Acm acm) {
        return new PublicRoute("*", Validations.APPROVAL_PATH, request -> handle(acm, request));
    }

    private static WireResponse handle(Acm acm, WireRequest request) {
        String token = request.rawPath().substring(Validations.APPROVAL_PATH.length());
        if (!TOKEN.matcher(token).matches()) {
            return page(404, "Unknown approval link", "This approval link is not valid.");
        }
        return switch (request.method()) {
            case "GET", "HEAD" -> page(200, "Approve certificate request",
                    "<form method=\"post\" action=\"" + Validations.APPROVAL_PATH + token + "\"><button type=\"submit\">I Approve</button></form>");
            case "POST" -> switch (acm.validations().approve(token)) {
                case APPROVED -> page(200, "Approved", "You approved the request for this domain. The certificate is issued once every domain is approved.");
                case ISSUED -> page(200, "Approved", "You approved the request. The certificate has been issued.");
                case UNKNOWN_OR_EXPIRED -> page(404, "Unknown approval link", "This approval link is not valid, was used already, or has expired.");
            };
            default -> new WireResponse(405, "text/plain; charset=utf-8", Map.of("Allow", "GET, POST"),
                    "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        };
    }

    private static WireResponse page(int status, String title, String body) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>" + title
                + "</h1><p>" + body + "</p></body></html>";
        return new WireResponse(status, "text/html; charset=utf-8", Map.of("Cache-Control", "no-store"), html.getBytes(StandardCharsets.UTF_8));
    }
}
