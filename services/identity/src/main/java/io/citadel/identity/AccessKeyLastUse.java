package io.citadel.identity;

import java.time.Instant;

/** When an access key last signed a request, and for which service and region. */
public record AccessKeyLastUse(Instant lastUsedDate, String serviceName, String region) {

    /** What AWS reports for a key that never signed anything. */
    public static final AccessKeyLastUse NEVER = new AccessKeyLastUse(null, "N/A", "N/A");
}
