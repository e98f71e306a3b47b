package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An IAM role: its trust policy ({@code assumeRolePolicyDocument}, as the caller wrote it), the
 * longest session AssumeRole may grant, an optional permissions boundary ARN and tags.
 */
public record Role(String accountId, String name, String path, String roleId, Instant createdAt,
                   String assumeRolePolicyDocument, String description, int maxSessionDuration,
                   String permissionsBoundary, List<Tag> tags) {

    public static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

    public Role {
        AccountId.requireValid(accountId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(assumeRolePolicyDocument, "assumeRolePolicyDocument");
        if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
            throw new IllegalArgumentException("maxSessionDuration: " + maxSessionDuration + " (expected: 3600..43200)");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }

    public Role withTrustPolicy(String document) {
        return new Role(accountId, name, path, roleId, createdAt, document, description, maxSessionDuration,
                permissionsBoundary, tags);
    }

    public Role withSettings(String newDescription, int newMaxSessionDuration) {
        return new Role(accountId, name, path, roleId, createdAt, assumeRolePolicyDocument, newDescription,
                newMaxSessionDuration, permissionsBoundary, tags);
    }

    public Role withPermissionsBoundary(String arn) {
        return new Role(accountId, name, path, roleId, createdAt, assumeRolePolicyDocument, description,
                maxSessionDuration, arn, tags);
    }

    public Role withTags(List<Tag> newTags) {
        return new Role(accountId, name, path, roleId, createdAt, assumeRolePolicyDocument, description,
                maxSessionDuration, permissionsBoundary, newTags);
    }
}
