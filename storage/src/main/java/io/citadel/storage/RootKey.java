package io.citadel.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * The 32-byte key that protects the keyring, produced by {@link Seal}. Close it once the
 * {@link Barrier} is open; closing overwrites the bytes with zeros.
 */
public final class RootKey implements AutoCloseable {

    public static final int BYTES = 32;

    private final byte[] bytes;
    private volatile boolean closed;

    /** Copies {@code bytes}; the caller may zero its array afterwards. */
    public RootKey(byte[] bytes) {
        Objects.requireNonNull(bytes, "root key");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("root key: " + bytes.length + " bytes (expected: " + BYTES + ")");
        }
        this.bytes = bytes.clone();
    }

    /** A copy of the key bytes; zero it when done. */
    public byte[] bytes() {
        if (closed) {
            throw new IllegalStateException("root key: closed");
        }
        return bytes.clone();
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "RootKey[redacted]";
    }
}
