package io.citadel.secrets.rotation;

/**
 * A rotation step failed. The message is shown to operators (DescribeSecret, audit, events), so it
 * must never contain a secret value or a password.
 */
public final class RotationException extends Exception {

    public RotationException(String message) {
        super(message);
    }

    public RotationException(String message, Throwable cause) {
        super(message, cause);
    }
}
