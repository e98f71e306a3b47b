package io.citadel.events;

import java.time.Instant;

/** An API destination as stored: an HTTP endpoint, its method, its connection and its invocation rate limit. */
public record ApiDestinationRecord(String name, String arn, String description, String connectionArn, String invocationEndpoint,
                                   String httpMethod, int invocationRateLimitPerSecond, String state, Instant creationTime,
                                   Instant lastModifiedTime) {
}
