package io.citadel.protocol;

import io.citadel.protocol.sigv4.AuthenticationException;
import io.citadel.protocol.sigv4.Authenticated;

/** Establishes who sent a request, or throws {@link AuthenticationException}. SigV4 in production. */
@FunctionalInterface
public interface Authenticator {

    Authenticated authenticate(WireRequest request);
}
