package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IAM user in an account. {@code userId} is the stable AIDA... id AWS reports;
 * {@code permissionsBoundary} is a managed policy ARN or null.
 */
public record User(String accountId, String name, String path, String userId, Instant createdAt,
                   String permissionsBoundary, List<Tag> tags) {

    public User {
        AccountId.requireValid(accountId);
        requireValidName(name);
        requireValidPath(path);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public User(String accountId, String name, String path, String userId, Instant createdAt) {
        this(accountId, name, path, userId, createdAt, null, List.of());
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":user" + path + name;
    }

    public User withName(String newName, String newPath) {
        return new User(accountId, newName, newPath, userId, createdAt, permissionsBoundary, tags);
    }

    public User withPermissionsBoundary(String arn) {
        return new User(accountId, name, path, userId, createdAt, arn, tags);
    }

    public User withTags(List<Tag> newTags) {
        return new User(accountId, name, path, userId, createdAt, permissionsBoundary, newTags);
    }

    public static String requireValidName(String name) {
        return Names.require("userName", name, 64);
    }

    public static String requireValidPath(String path) {
        if (path == null) {
            throw IdentityErrors.validation("path: null (expected: '/' or '/.../')");
        }
        return Names.path("path", path);
    }
}
