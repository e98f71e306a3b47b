package io.citadel.acme;

import java.time.Instant;
import java.util.Objects;

/**
 * An External Account Binding key (RFC 8555 section 7.3.4) an operator created for one directory: the HMAC key a
 * client proves possession of when it creates its account. Single use: once bound, {@code boundAccountId} is set.
 */
public record ExternalAccountKey(String keyId, String directory, byte[] hmacKey, Instant createdAt, String boundAccountId) {

    public ExternalAccountKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(hmacKey, "hmacKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    ExternalAccountKey bind(String accountId) {
        return new ExternalAccountKey(keyId, directory, hmacKey, createdAt, accountId);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ExternalAccountKey[keyId=" + keyId + ", directory=" + directory + ", bound=" + (boundAccountId != null) + "]";
    }
}
