package io.citadel.core.crypto;

/**
 * An authenticated decryption failed: wrong key, wrong associated data, or modified bytes. It says
 * no more than that on purpose, so every failure looks the same to whoever caused it.
 */
public final class AeadException extends RuntimeException {

    public AeadException(String message) {
        super(message);
    }

    public AeadException(String message, Throwable cause) {
        super(message, cause);
    }
}
