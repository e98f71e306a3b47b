package io.citadel.protocol.sigv4;

import io.citadel.core.Principal;

/** A request whose signature verified: who signed it and the region and service of its credential scope. */
public record Authenticated(Principal principal, String region, String service) {
}
