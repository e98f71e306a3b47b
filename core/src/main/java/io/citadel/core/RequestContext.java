package io.citadel.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything a service may know about the request it is serving: who asked, when, from where and
 * for which region. Services never see HTTP; this record is all they get besides the typed input.
 */
public record RequestContext(
        String requestId,
        Instant receivedAt,
        String sourceIp,
        String userAgent,
        boolean secureTransport,
        Principal principal,
        String region,
        String service,
        String operation,
        TouchedResources touched) {

    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(touched, "touched");
    }

    /** A context whose touched resources start empty. */
    public RequestContext(String requestId, Instant receivedAt, String sourceIp, String userAgent, boolean secureTransport,
                          Principal principal, String region, String service, String operation) {
        this(requestId, receivedAt, sourceIp, userAgent, secureTransport, principal, region, service, operation,
                new TouchedResources());
    }
}
