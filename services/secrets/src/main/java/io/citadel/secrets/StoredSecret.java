package io.citadel.secrets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret's head record: its metadata, rotation configuration, tags, resource policy, replication
 * and the list of its versions with their staging labels, oldest first. Version values live in
 * separate records ({@link SecretVersion}); moving a label rewrites only this record.
 *
 * @param kmsKeyId        the key as the caller named it (null: alias/aws/secretsmanager)
 * @param primaryRegion   for a replica, the primary's region (null: not a replica)
 * @param revision        increases on every change, so a write prepared outside a transaction sees concurrent changes
 */
public record StoredSecret(String account, String region, String name, String arn, String description, String kmsKeyId,
                           Instant createdDate, Instant lastChangedDate, Instant lastAccessedDate, Instant deletedDate,
                           RotationConfig rotation, Instant lastRotatedDate, Instant nextRotationDate,
                           Map<String, String> tags, String policy, List<VersionInfo> versions,
                           String primaryRegion, List<Replica> replicas, long revision) {

    public StoredSecret {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        versions = versions == null ? List.of() : List.copyOf(versions);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** One version as the head knows it. */
    public record VersionInfo(String versionId, Instant createdDate, List<String> stages, Instant lastAccessedDate,
                              String kmsKeyArn) {

        public VersionInfo {
            stages = stages == null ? List.of() : List.copyOf(stages);
        }

        VersionInfo withStages(List<String> newStages) {
            return new VersionInfo(versionId, createdDate, newStages, lastAccessedDate, kmsKeyArn);
        }

        VersionInfo withKey(String keyArn) {
            return new VersionInfo(versionId, createdDate, stages, lastAccessedDate, keyArn);
        }

        VersionInfo accessed(Instant day) {
            return new VersionInfo(versionId, createdDate, stages, day, kmsKeyArn);
        }
    }

    /** RotateSecret's settings; {@code enabled} false after CancelRotateSecret (the ARN and rules stay, as in AWS). */
    public record RotationConfig(boolean enabled, String lambdaArn, Long automaticallyAfterDays, String scheduleExpression,
                                 String duration) {
    }

    /** One replica region as the primary reports it in ReplicationStatus. */
    public record Replica(String region, String kmsKeyId, String status, String statusMessage) {
    }

    public boolean isDeleted() {
        return deletedDate != null;
    }

    public boolean isReplica() {
        return primaryRegion != null;
    }

    public java.util.Optional<VersionInfo> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    public java.util.Optional<VersionInfo> withStage(String stage) {
        return versions.stream().filter(v -> v.stages().contains(stage)).findFirst();
    }

    /** Versions that carry at least one label, as DescribeSecret's VersionIdsToStages shows them. */
    public Map<String, List<String>> versionIdsToStages() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (VersionInfo v : versions) {
            if (!v.stages().isEmpty()) {
                out.put(v.versionId(), v.stages());
            }
        }
        return out;
    }

    /** A copy with edits applied through a builder, bumping the revision. */
    Builder edit() {
        return new Builder(this);
    }

    static final class Builder {
        String account;
        String region;
        String name;
        String arn;
        String description;
        String kmsKeyId;
        Instant createdDate;
        Instant lastChangedDate;
        Instant lastAccessedDate;
        Instant deletedDate;
        RotationConfig rotation;
        Instant lastRotatedDate;
        Instant nextRotationDate;
        Map<String, String> tags;
        String policy;
        List<VersionInfo> versions;
        String primaryRegion;
        List<Replica> replicas;
        long revision;

        Builder(StoredSecret s) {
            account = s.account;
            region = s.region;
            name = s.name;
            arn = s.arn;
            description = s.description;
            kmsKeyId = s.kmsKeyId;
            createdDate = s.createdDate;
            lastChangedDate = s.lastChangedDate;
            lastAccessedDate = s.lastAccessedDate;
            deletedDate = s.deletedDate;
            rotation = s.rotation;
            lastRotatedDate = s.lastRotatedDate;
            nextRotationDate = s.nextRotationDate;
            tags = new LinkedHashMap<>(s.tags);
            policy = s.policy;
            versions = new ArrayList<>(s.versions);
            primaryRegion = s.primaryRegion;
            replicas = new ArrayList<>(s.replicas);
            revision = s.revision + 1;
        }

        Builder changed(Instant now) {
            lastChangedDate = now;
            return this;
        }

        StoredSecret build() {
            return new StoredSecret(account, region, name, arn, description, kmsKeyId, createdDate, lastChangedDate,
                    lastAccessedDate, deletedDate, rotation, lastRotatedDate, nextRotationDate, tags, policy, versions,
                    primaryRegion, replicas, revision);
        }
    }
}
