package io.citadel.identity;

import io.citadel.core.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer managed policy. Its documents live in {@link PolicyVersion}s; {@code nextVersion} is
 * the number the next version gets (versions are never renumbered). The counts are kept in this
 * record, updated in the same transaction as the attachments they count.
 */
public record ManagedPolicy(String accountId, String name, String path, String policyId, String description,
                            String defaultVersionId, int nextVersion, int attachmentCount,
                            int permissionsBoundaryUsageCount, Instant createdAt, Instant updatedAt, List<Tag> tags) {

    public ManagedPolicy {
        AccountId.requireValid(accountId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(defaultVersionId, "defaultVersionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public String arn() {
        return arn(accountId, path, name);
    }

    public static String arn(String accountId, String path, String name) {
        return "arn:aws:iam::" + accountId + ":policy" + path + name;
    }

    ManagedPolicy withDefault(String versionId, Instant now) {
        return new ManagedPolicy(accountId, name, path, policyId, description, versionId, nextVersion, attachmentCount,
                permissionsBoundaryUsageCount, createdAt, now, tags);
    }

    ManagedPolicy withNextVersion(int next, Instant now) {
        return new ManagedPolicy(accountId, name, path, policyId, description, defaultVersionId, next, attachmentCount,
                permissionsBoundaryUsageCount, createdAt, now, tags);
    }

    ManagedPolicy withCounts(int attachments, int boundaries) {
        return new ManagedPolicy(accountId, name, path, policyId, description, defaultVersionId, nextVersion, attachments,
                boundaries, createdAt, updatedAt, tags);
    }
}
