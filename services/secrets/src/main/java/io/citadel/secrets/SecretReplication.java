package io.citadel.secrets;

import io.citadel.core.RequestContext;
import io.citadel.secrets.SecretCrypto.Plain;
import io.citadel.storage.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Multi-region secrets: ReplicateSecretToRegions copies a secret into other region namespaces of
 * the same account as read-only replicas (same name and ARN suffix, each version re-encrypted under
 * the replica region's key), and every later change to the primary is written to its replicas in
 * the same storage transaction, so replicas never lag. StopReplicationToReplica promotes a replica
 * to a standalone secret; RemoveRegionsFromReplication deletes replicas.
 */
public final class SecretReplication {

    static final String IN_SYNC = "InSync";
    static final String FAILED = "Failed";

    private final SecretEnvironment env;

    SecretReplication(SecretEnvironment env) {
        this.env = env;
    }

    /** A region to replicate to and the key to use there (null: that region's alias/aws/secretsmanager). */
    public record Region(String region, String kmsKeyId) {
    }

    /** The new version encrypted for every in-sync replica, under each replica's key, as {@code ctx} in that region. */
    Map<String, SecretVersion> encryptForReplicas(RequestContext ctx, StoredSecret primary, String versionId, Plain value) {
        Map<String, SecretVersion> out = new HashMap<>();
        for (StoredSecret.Replica r : primary.replicas()) {
            if (!r.status().equals(IN_SYNC)) {
                continue;
            }
            RequestContext there = SecretEnvironment.inRegion(ctx, r.region());
            String keyId = env.crypto.keyFor(there, primary.account(), r.kmsKeyId());
            out.put(r.region(), env.crypto.encrypt(there, keyId, SecretNames.inRegion(primary.arn(), r.region()), versionId, value));
        }
        return out;
    }

    /** Writes the primary's current state to each in-sync replica, with the given new versions and without the removed ones. */
    void mirror(Transaction tx, StoredSecret primary, Map<String, SecretVersion> newVersions, List<String> removedVersionIds) {
        for (StoredSecret.Replica r : primary.replicas()) {
            if (!r.status().equals(IN_SYNC)) {
                continue;
            }
            Optional<StoredSecret> existing = SecretRepository.head(tx, primary.account(), r.region(), primary.name())
                    .filter(s -> primary.region().equals(s.primaryRegion()));
            if (existing.isEmpty()) {
                continue;
            }
            SecretVersion added = newVersions.get(r.region());
            Map<String, String> keys = new HashMap<>();
            existing.get().versions().forEach(v -> keys.put(v.versionId(), v.kmsKeyArn()));
            if (added != null) {
                keys.put(added.versionId(), added.keyArn());
                SecretRepository.putVersion(tx, primary.account(), r.region(), primary.name(), added);
            }
            for (String id : removedVersionIds) {
                SecretRepository.deleteVersion(tx, primary.account(), r.region(), primary.name(), id);
            }
            SecretRepository.putHead(tx, replicaHead(primary, r, existing.get(), keys));
        }
    }

    private static StoredSecret replicaHead(StoredSecret primary, StoredSecret.Replica r, StoredSecret existingOrNull, Map<String, String> keys) {
        List<StoredSecret.VersionInfo> versions = new ArrayList<>();
        for (StoredSecret.VersionInfo v : primary.versions()) {
            versions.add(v.withKey(keys.getOrDefault(v.versionId(), v.kmsKeyArn())));
        }
        return new StoredSecret(primary.account(), r.region(), primary.name(), SecretNames.inRegion(primary.arn(), r.region()),
                primary.description(), r.kmsKeyId(), primary.createdDate(), primary.lastChangedDate(),
                existingOrNull == null ? null : existingOrNull.lastAccessedDate(), null, primary.rotation(), primary.lastRotatedDate(),
                primary.nextRotationDate(), primary.tags(), primary.policy(), versions, primary.region(), List.of(),
                existingOrNull == null ? 1 : existingOrNull.revision() + 1);
    }

    public record Replicated(String arn, List<StoredSecret.Replica> status) {
    }

    public Replicated replicateToRegions(RequestContext ctx, String secretId, List<Region> regions, boolean force) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "ReplicateSecretToRegions", secret, null);
        SecretWrites.requireWritable(secret);
        SecretWrites.requireNotDeleted(secret);
        return new Replicated(secret.arn(), replicate(ctx, secret, regions, force));
    }

    /** Adds replicas of {@code secret} (CreateSecret's AddReplicaRegions and ReplicateSecretToRegions); returns the replication status. */
    List<StoredSecret.Replica> replicate(RequestContext ctx, StoredSecret secret, List<Region> regions, boolean force) {
        Set<String> seen = new java.util.HashSet<>();
        for (Region r : regions) {
            if (r.region() == null || !r.region().matches("([a-z]+-)+\\d+")) {
                throw SecretErrors.invalidParameter("Region: " + r.region() + " is not a region name (expected e.g. us-west-2)");
            }
            if (r.region().equals(secret.region())) {
                throw SecretErrors.invalidParameter("Invalid replica Region " + r.region() + ": it is the primary secret's Region.");
            }
            if (!seen.add(r.region())) {
                throw SecretErrors.invalidParameter("Region " + r.region() + " is listed more than once.");
            }
        }
        Map<String, Plain> values = new LinkedHashMap<>();
        for (StoredSecret.VersionInfo v : secret.versions()) {
            SecretVersion stored = env.storage.transaction(tx -> SecretRepository.version(tx, secret.account(), secret.region(),
                    secret.name(), v.versionId())).orElseThrow();
            values.put(v.versionId(), env.crypto.decrypt(ctx, secret.arn(), stored));
        }
        Map<String, List<SecretVersion>> encrypted = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (Region r : regions) {
            if (secret.replicas().stream().anyMatch(x -> x.region().equals(r.region()))) {
                continue;
            }
            Optional<StoredSecret> there = env.storage.transaction(tx -> SecretRepository.head(tx, secret.account(), r.region(), secret.name()));
            if (there.isPresent() && !force) {
                failed.put(r.region(), "Replication failed: Secret name already exists in Region " + r.region() + ".");
                continue;
            }
            RequestContext rctx = SecretEnvironment.inRegion(ctx, r.region());
            String keyId = env.crypto.keyFor(rctx, secret.account(), r.kmsKeyId());
            List<SecretVersion> list = new ArrayList<>();
            for (Map.Entry<String, Plain> e : values.entrySet()) {
                list.add(env.crypto.encrypt(rctx, keyId, SecretNames.inRegion(secret.arn(), r.region()), e.getKey(), e.getValue()));
            }
            encrypted.put(r.region(), list);
        }
        values.values().forEach(p -> java.util.Arrays.fill(p.bytes(), (byte) 0));
        return env.storage.transaction(tx -> {
            StoredSecret fresh = SecretWrites.fresh(tx, secret);
            Set<String> ids = fresh.versions().stream().map(StoredSecret.VersionInfo::versionId).collect(Collectors.toSet());
            if (!ids.equals(values.keySet())) {
                throw SecretErrors.invalidRequest("The secret " + secret.name() + " changed while it was being replicated; try again.");
            }
            StoredSecret.Builder b = fresh.edit();
            for (Region r : regions) {
                if (b.replicas.stream().anyMatch(x -> x.region().equals(r.region()))) {
                    continue;
                }
                String failure = failed.get(r.region());
                if (failure != null) {
                    b.replicas.add(new StoredSecret.Replica(r.region(), r.kmsKeyId(), FAILED, failure));
                    continue;
                }
                SecretRepository.deleteAll(tx, fresh.account(), r.region(), fresh.name());
                StoredSecret.Replica replica = new StoredSecret.Replica(r.region(), r.kmsKeyId(), IN_SYNC, "Replication succeeded");
                Map<String, String> keys = new HashMap<>();
                for (SecretVersion v : encrypted.get(r.region())) {
                    SecretRepository.putVersion(tx, fresh.account(), r.region(), fresh.name(), v);
                    keys.put(v.versionId(), v.keyArn());
                }
                b.replicas.add(replica);
                SecretRepository.putHead(tx, replicaHead(fresh, replica, null, keys));
            }
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            return updated.replicas();
        });
    }

    public Replicated removeRegions(RequestContext ctx, String secretId, List<String> regions) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "RemoveRegionsFromReplication", secret, null);
        SecretWrites.requireWritable(secret);
        List<StoredSecret.Replica> left = env.storage.transaction(tx -> {
            StoredSecret fresh = SecretWrites.fresh(tx, secret);
            StoredSecret.Builder b = fresh.edit();
            for (String region : regions) {
                if (b.replicas.removeIf(r -> r.region().equals(region))) {
                    SecretRepository.head(tx, fresh.account(), region, fresh.name())
                            .filter(s -> fresh.region().equals(s.primaryRegion()))
                            .ifPresent(s -> SecretRepository.deleteAll(tx, s.account(), s.region(), s.name()));
                }
            }
            SecretRepository.putHead(tx, b.build());
            return b.replicas;
        });
        return new Replicated(secret.arn(), List.copyOf(left));
    }

    /** Called in the replica's region: the replica becomes a standalone secret; the primary stops replicating to it. */
    public String stopReplication(RequestContext ctx, String secretId) {
        StoredSecret replica = env.find(ctx, secretId);
        env.require(ctx, "StopReplicationToReplica", replica, null);
        if (!replica.isReplica()) {
            throw SecretErrors.invalidRequest("StopReplicationToReplica: " + replica.name() + " is not a replica secret; call it in "
                    + "the replica's Region.");
        }
        env.storage.transaction(tx -> {
            StoredSecret fresh = SecretRepository.head(tx, replica.account(), replica.region(), replica.name()).orElseThrow(SecretErrors::notFound);
            StoredSecret.Builder b = fresh.edit().changed(env.now());
            b.primaryRegion = null;
            b.replicas = new ArrayList<>();
            StoredSecret promoted = b.build();
            SecretRepository.putHead(tx, promoted);
            SecretRepository.head(tx, replica.account(), replica.primaryRegion(), replica.name()).ifPresent(primary -> {
                StoredSecret.Builder pb = primary.edit();
                pb.replicas.removeIf(r -> r.region().equals(replica.region()));
                SecretRepository.putHead(tx, pb.build());
            });
            if (promoted.rotation() != null && promoted.rotation().enabled() && promoted.nextRotationDate() != null) {
                SecretJobs.scheduleRotation(tx, promoted, promoted.nextRotationDate());
            }
            return null;
        });
        return replica.arn();
    }
}
