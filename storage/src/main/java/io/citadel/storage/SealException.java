package io.citadel.storage;

/**
 * The store cannot be unsealed: wrong passphrase or key file, a missing or modified keyring, or an
 * unreadable seal record. Thrown before anything is written, so fixing the cause and retrying is safe.
 */
public final class SealException extends RuntimeException {

    public SealException(String message) {
        super(message);
    }

    public SealException(String message, Throwable cause) {
        super(message, cause);
    }
}
