package io.citadel.bench;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The fixed part of the request a load run repeats: a signed {@code POST /} with a signing service,
 * a content type, an optional {@code X-Amz-Target} and a body. Only the date and signature change
 * from one request to the next, unless the body contains {@value #SEQUENCE}: each request then
 * replaces it with a number unique within the run (for writes that must not repeat, such as
 * PutParameter of new names); {@code {seq%N}} becomes the writer's request count modulo N (to
 * spread writes over N existing resources, e.g. PutSecretValue over N secrets). Or, for endpoints outside the
 * AWS API, an unsigned {@code GET} of a fixed path.
 */
record RequestTemplate(String name, String service, String contentType, String target, byte[] body, String unsignedGetPath) {

    static final String QUERY_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String SEQUENCE = "{seq}";

    RequestTemplate {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service: blank (expected: a signing service name such as sts or kms)");
        }
    }

    private static final Pattern MODULO = Pattern.compile("\\{seq%([1-9][0-9]{0,8})}");

    /** Whether each request gets its own body ({@link #SEQUENCE} or {@code {seq%N}} occurs in it). */
    boolean varies() {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(SEQUENCE) || MODULO.matcher(text).find();
    }

    /** The body of a writer's {@code count}-th request: {@link #SEQUENCE} becomes {@code prefix-count}, {@code {seq%N}} count mod N. */
    byte[] body(String prefix, long count) {
        String text = new String(body, StandardCharsets.UTF_8).replace(SEQUENCE, prefix + "-" + count);
        text = MODULO.matcher(text).replaceAll(m -> Long.toString(count % Long.parseLong(m.group(1))));
        return text.getBytes(StandardCharsets.UTF_8);
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
                formBody.getBytes(StandardCharsets.UTF_8), null);
    }

    /** An AWS json 1.1 call such as {@code TrentService.ListKeys} with body {@code {}}. */
    static RequestTemplate json(String service, String target, String jsonBody) {
        return new RequestTemplate(service + ":" + target, service, JSON_CONTENT_TYPE, target,
                jsonBody.getBytes(StandardCharsets.UTF_8), null);
    }

    /** An unsigned {@code GET path} outside the AWS API: a CRL or an OCSP request in the URL (RFC 6960 appendix A). */
    static RequestTemplate unsignedGet(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("unsigned GET path: " + path + " (expected: /...)");
        }
        return new RequestTemplate("GET " + path, "none", null, null, new byte[0], path);
    }
}
