package io.citadel.kms;

import io.citadel.core.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multi-Region keys: ReplicateKey makes a replica with the same key id in another region namespace
 * of the account, sharing the primary's material (stored once, so rotation reaches every region and
 * a ciphertext from one region decrypts in the other); UpdatePrimaryRegion moves the primary role.
 * Each replica has its own policy, tags, description and state.
 */
public final class KeyReplication {

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("([a-z]+-){2,3}\\d+");

    private final KmsEnvironment env;
    private final KeyAdministration admin;

    KeyReplication(KmsEnvironment env, KeyAdministration admin) {
        this.env = env;
        this.admin = admin;
    }

    public KmsKey replicateKey(RequestContext ctx, String keyId, String replicaRegion, String policy, boolean bypass,
                               String description, List<Tags.Tag> tags) {
        if (!REGION.matcher(replicaRegion).matches()) {
            throw KmsErrors.validation("ReplicaRegion: " + replicaRegion + " (expected: a region name such as us-west-2)");
        }
        Map<String, String> tagMap = Tags.toMap(tags);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        KeyAdministration.requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "ReplicateKey", null, Call.DIRECT, null, r -> r.put("kms:ReplicaRegion", replicaRegion));
        KmsKey primary = resolved.key();
        if (!primary.multiRegion()) {
            throw KmsErrors.unsupported(primary.arn() + " is not a multi-Region key");
        }
        if (!primary.isPrimary()) {
            throw KmsErrors.unsupported(primary.arn() + " is a replica key; replicate its primary key");
        }
        if (replicaRegion.equals(primary.region()) || primary.replicaRegions().contains(replicaRegion)) {
            throw KmsErrors.error(KmsErrors.ALREADY_EXISTS, "A key " + primary.keyId() + " already exists in " + replicaRegion);
        }
        if (primary.state() == KeyState.PENDING_DELETION || primary.state() == KeyState.PENDING_REPLICA_DELETION) {
            throw KeyStates.notIn(primary);
        }
        String replicaPolicy = policy == null ? KeyPolicies.defaultPolicy(primary.accountId()) : policy;
        List<String> replicas = new ArrayList<>(primary.replicaRegions());
        replicas.add(replicaRegion);
        KmsKey replica = primary.toBuilder().region(replicaRegion).policy(replicaPolicy).tags(tagMap)
                .description(KeyAdministration.description(description == null ? primary.description() : description))
                .replicaRegions(replicas).rotation(false, null, null).build();
        if (policy != null) {
            admin.checkPolicy(ctx, replica, policy, bypass);
        }
        return env.storage.transaction(tx -> {
            if (KeyStore.key(tx, primary.accountId(), replicaRegion, primary.keyId()).isPresent()) {
                throw KmsErrors.error(KmsErrors.ALREADY_EXISTS, "A key " + primary.keyId() + " already exists in " + replicaRegion);
            }
            KmsKey current = KeyStore.key(tx, primary.accountId(), primary.region(), primary.keyId()).orElseThrow();
            for (String region : current.replicaRegions()) {
                KeyStore.key(tx, primary.accountId(), region, primary.keyId())
                        .ifPresent(other -> KeyStore.putKey(tx, other.toBuilder().replicaRegions(replicas).build()));
            }
            KeyStore.putKey(tx, current.toBuilder().replicaRegions(replicas).build());
            KmsKey stored = replica.toBuilder().material(current.currentVersion(), current.currentMaterialId()).build();
            KeyStore.putKey(tx, stored);
            return stored;
        });
    }

    public void updatePrimaryRegion(RequestContext ctx, String keyId, String primaryRegion) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        KeyAdministration.requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "UpdatePrimaryRegion", null, Call.DIRECT, null, r -> r.put("kms:PrimaryRegion", primaryRegion));
        KmsKey key = resolved.key();
        if (!key.multiRegion()) {
            throw KmsErrors.unsupported(key.arn() + " is not a multi-Region key");
        }
        if (!key.isPrimary()) {
            throw KmsErrors.unsupported(key.arn() + " is not the primary key; call UpdatePrimaryRegion on the primary");
        }
        if (!key.replicaRegions().contains(primaryRegion)) {
            throw KmsErrors.notFound("No replica of " + key.keyId() + " in " + primaryRegion);
        }
        env.storage.transaction(tx -> {
            List<String> regions = new ArrayList<>(key.replicaRegions());
            regions.add(key.region());
            List<String> newReplicas = new ArrayList<>(regions);
            newReplicas.remove(primaryRegion);
            for (String region : regions) {
                KeyStore.key(tx, key.accountId(), region, key.keyId()).ifPresent(k -> {
                    var builder = k.toBuilder().primaryRegion(primaryRegion).replicaRegions(newReplicas);
                    if (region.equals(primaryRegion)) {
                        builder.rotation(key.rotationEnabled(), key.rotationPeriodDays(), key.nextRotationDate());
                    } else if (region.equals(key.region())) {
                        builder.rotation(false, null, null);
                    }
                    KeyStore.putKey(tx, builder.build());
                });
            }
            if (key.rotationEnabled()) {
                io.citadel.storage.schedule.StorageScheduler.cancel(tx, KeyRotation.ROTATE_JOB, KmsKeys.jobId(key));
                KmsKey moved = key.toBuilder().region(primaryRegion).build();
                io.citadel.storage.schedule.StorageScheduler.schedule(tx, new io.citadel.core.schedule.ScheduledJob(
                        KeyRotation.ROTATE_JOB, KmsKeys.jobId(moved), key.nextRotationDate()));
            }
            return null;
        });
    }
}
