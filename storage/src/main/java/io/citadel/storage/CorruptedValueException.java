package io.citadel.storage;

/**
 * A sealed value failed authentication or names a format or key version that does not exist: the
 * raw store was modified, corrupted, or a value was copied to another key. No plaintext is returned.
 */
public final class CorruptedValueException extends StorageException {

    public CorruptedValueException(String message) {
        super(message);
    }

    public CorruptedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
