package io.citadel.app;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Contexts for work the operator configured rather than an API caller asked for (ACME issuing from a CA it was
 * enabled on, the listener reading its own certificate or client CA): the resource's account root, in the resource's
 * region, named by a pseudo access key so such calls are recognisable.
 */
final class AccountRootContexts {

    private AccountRootContexts() {
    }

    /** {@code arn} is arn:aws:{service}:{region}:{account}:...; throws IllegalArgumentException for anything else. */
    static RequestContext of(String arn, String service, String operation, String actor, InstantSource clock) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals(service) || parts[3].isEmpty() || parts[4].isEmpty()) {
            throw new IllegalArgumentException("not an " + service + " ARN: " + arn);
        }
        return new RequestContext(UUID.randomUUID().toString(), clock.instant(), null, actor, true,
                Principal.root(parts[4], actor.toUpperCase(java.util.Locale.ROOT).replace("-", "")), parts[3], service, operation);
    }
}
