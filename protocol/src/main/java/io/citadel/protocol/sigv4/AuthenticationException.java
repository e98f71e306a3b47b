package io.citadel.protocol.sigv4;

import java.util.Objects;

/** A failed SigV4 check. The message is safe to send to the client: it never contains a secret. */
public final class AuthenticationException extends RuntimeException {

    private final AuthFailure failure;

    public AuthenticationException(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public AuthFailure failure() {
        return failure;
    }
}
