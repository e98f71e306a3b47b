package io.citadel.bench;

import java.nio.charset.StandardCharsets;

/**
 * The fixed part of the request a load run repeats: always {@code POST /}, with a signing service,
 * a content type, an optional {@code X-Amz-Target} and a body. Only the date and signature change
 * from one request to the next, unless the body contains {@value #SEQUENCE}: each request then
 * replaces it with a number unique within the run (for writes that must not repeat, such as
 * PutParameter of new names).
 */
record RequestTemplate(String name, String service, String contentType, String target, byte[] body) {

    static final String QUERY_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String SEQUENCE = "{seq}";

    RequestTemplate {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service: blank (expected: a signing service name such as sts or kms)");
        }
    }

    /** Whether each request gets its own body ({@link #SEQUENCE} occurs in it). */
    boolean varies() {
        return new String(body, StandardCharsets.UTF_8).contains(SEQUENCE);
    }

    /** The body with every {@link #SEQUENCE} replaced by {@code sequence}. */
    byte[] body(String sequence) {
        return new String(body, StandardCharsets.UTF_8).replace(SEQUENCE, sequence).getBytes(StandardCharsets.UTF_8);
    }

    /** A named preset, e.g. {@code sts:GetCallerIdentity}. */
    static RequestTemplate preset(String operation) {
        return switch (operation) {
            case "sts:GetCallerIdentity" -> query("sts", "Action=GetCallerIdentity&Version=2011-06-15");
            default -> throw new IllegalArgumentException(
                    "operation: " + operation + " (expected: sts:GetCallerIdentity, or use --json-target / --query-body)");
        };
    }

    /** An AWS query-protocol call: a form-encoded body carrying Action and Version. */
    static RequestTemplate query(String service, String formBody) {
        String action = "query";
        for (String pair : formBody.split("&")) {
            if (pair.startsWith("Action=")) {
                action = pair.substring("Action=".length());
            }
        }
        return new RequestTemplate(service + ":" + action, service, QUERY_CONTENT_TYPE, null,
                formBody.getBytes(StandardCharsets.UTF_8));
    }

    /** An AWS json 1.1 call such as {@code TrentService.ListKeys} with body {@code {}}. */
    static RequestTemplate json(String service, String target, String jsonBody) {
        return new RequestTemplate(service + ":" + target, service, JSON_CONTENT_TYPE, target,
                jsonBody.getBytes(StandardCharsets.UTF_8));
    }
}
