package io.citadel.storage;

/** The storage backend failed (I/O, connection, SQL); the operation may or may not have happened. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
