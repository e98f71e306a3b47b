package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.Objects;

/**
 * An access key pair. The secret is kept because SigV4 verification needs it; it is stored sealed
 * by the storage barrier and never printed by {@link #toString()}. {@code userName} is null for
 * the account's root user.
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String accountId, String userName,
                        Status status, Instant createdAt) {

    public enum Status { Active, Inactive }

    public AccessKey {
        requireValidId(accessKeyId);
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (secretAccessKey.length() != 40) {
            throw new IllegalArgumentException("secretAccessKey: length " + secretAccessKey.length() + " (expected: 40)");
        }
        AccountId.requireValid(accountId);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isRoot() {
        return userName == null;
    }

    public AccessKey withStatus(Status newStatus) {
        return new AccessKey(accessKeyId, secretAccessKey, accountId, userName, newStatus, createdAt);
    }

    /** AKIA followed by 16 characters of A-Z and 2-7, as AWS issues them. */
    public static String requireValidId(String id) {
        if (id == null || id.length() != 20 || !id.startsWith("AKIA")) {
            throw new IllegalArgumentException("accessKeyId: " + id + " (expected: AKIA and 16 characters of A-Z, 2-7)");
        }
        for (int i = 4; i < 20; i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                throw new IllegalArgumentException("accessKeyId: " + id + " (expected: AKIA and 16 characters of A-Z, 2-7)");
            }
        }
        return id;
    }

    @Override
    public String toString() {
        return "AccessKey[accessKeyId=" + accessKeyId + ", accountId=" + accountId + ", userName=" + userName
                + ", status=" + status + ", createdAt=" + createdAt + "]";
    }
}
