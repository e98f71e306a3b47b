package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ScheduleKeyDeletion and CancelKeyDeletion, and the deletion itself: when the waiting period ends
 * the durable scheduler destroys the key's material (unless other regions of a multi-Region key
 * still use it), aliases, grants and records for good. A multi-Region primary with replicas waits
 * in PendingReplicaDeletion until the last replica is gone.
 */
public final class KeyDeletion {

    static final String DELETE_JOB = "kms.delete-key";

    private final KmsEnvironment env;
    private final KeyAdministration admin;

    KeyDeletion(KmsEnvironment env, KeyAdministration admin) {
        this.env = env;
        this.admin = admin;
    }

    public KmsKey scheduleKeyDeletion(RequestContext ctx, String keyId, Integer pendingWindowInDays, boolean dryRun) {
        int days = pendingWindowInDays == null ? 30 : pendingWindowInDays;
        if (days < 7 || days > 30) {
            throw KmsErrors.validation("PendingWindowInDays: " + days + " (expected: 7..30)");
        }
        return admin.changeWithTx(ctx, keyId, "ScheduleKeyDeletion",
                r -> r.put("kms:ScheduleKeyDeletionPendingWindowInDays", Integer.toString(days)), dryRun, (tx, key) -> {
            KeyAdministration.requireCustomerManaged(key, "ScheduleKeyDeletion");
            if (key.state() == KeyState.PENDING_DELETION || key.state() == KeyState.PENDING_REPLICA_DELETION) {
                throw KeyStates.notIn(key);
            }
            Instant when = env.clock.instant().plus(Duration.ofDays(days));
            boolean waitsForReplicas = key.isPrimary() && !key.replicaRegions().isEmpty();
            KmsKey scheduled = key.toBuilder()
                    .state(waitsForReplicas ? KeyState.PENDING_REPLICA_DELETION : KeyState.PENDING_DELETION)
                    .deletion(waitsForReplicas ? null : when, days).build();
            if (!waitsForReplicas) {
                StorageScheduler.schedule(tx, deletionJob(key, when));
            }
            return scheduled;
        });
    }

    public KmsKey cancelKeyDeletion(RequestContext ctx, String keyId) {
        return admin.changeWithTx(ctx, keyId, "CancelKeyDeletion", null, false, (tx, key) -> {
            if (key.state() != KeyState.PENDING_DELETION && key.state() != KeyState.PENDING_REPLICA_DELETION) {
                throw KeyStates.notIn(key);
            }
            StorageScheduler.cancel(tx, DELETE_JOB, KmsKeys.jobId(key));
            // A key without material (imported material never imported, deleted or expired) cannot be Disabled:
            // enabling it would leave an Enabled key with nothing to encrypt with.
            boolean hasMaterial = KeyStore.material(tx, key, key.currentVersion()).isPresent();
            return key.toBuilder().state(hasMaterial ? KeyState.DISABLED : KeyState.PENDING_IMPORT).deletion(null, null).build();
        });
    }

    static ScheduledJob deletionJob(KmsKey key, Instant when) {
        return new ScheduledJob(DELETE_JOB, KmsKeys.jobId(key), when);
    }

    /**
     * The scheduler's deletion of a key whose waiting period ended: its material (unless other regions
     * of a multi-Region key still use it), aliases, grants and records are removed for good.
     */
    ScheduledJob deleteDue(Transaction tx, ScheduledJob job) {
        env.storage.changed();
        String[] parts = job.id().split("/", 3);
        KeyStore.key(tx, parts[0], parts[1], parts[2]).ifPresent(key -> {
            if (key.state() != KeyState.PENDING_DELETION) {
                return;
            }
            destroy(tx, key);
            KmsEvents.emit(tx, env.clock.instant(), KmsEvents.DELETION, key);
        });
        return null;
    }

    void destroy(Transaction tx, KmsKey key) {
        boolean sharedWithOthers = false;
        if (key.multiRegion()) {
            List<String> regions = new ArrayList<>(key.replicaRegions());
            regions.add(key.primaryRegion());
            regions.remove(key.region());
            for (String region : regions) {
                KeyStore.key(tx, key.accountId(), region, key.keyId()).ifPresent(other -> {
                    List<String> replicas = new ArrayList<>(other.replicaRegions());
                    replicas.remove(key.region());
                    KmsKey updated = other.toBuilder().replicaRegions(replicas).build();
                    if (other.state() == KeyState.PENDING_REPLICA_DELETION && replicas.isEmpty()) {
                        Instant when = env.clock.instant().plus(Duration.ofDays(other.pendingWindowDays()));
                        updated = updated.toBuilder().state(KeyState.PENDING_DELETION).deletion(when, other.pendingWindowDays()).build();
                        StorageScheduler.schedule(tx, deletionJob(other, when));
                    }
                    KeyStore.putKey(tx, updated);
                });
                sharedWithOthers |= KeyStore.key(tx, key.accountId(), region, key.keyId()).isPresent();
            }
        }
        if (!sharedWithOthers) {
            KeyStore.deleteMaterials(tx, key);
            env.materialDestroyed.set(true);
        }
        for (String alias : KeyStore.aliasesOf(tx, key.accountId(), key.region(), key.keyId())) {
            KeyStore.alias(tx, key.accountId(), key.region(), alias).ifPresent(a -> KeyStore.deleteAlias(tx, key.accountId(), key.region(), a));
        }
        for (Grant grant : KeyStore.grants(tx, key.accountId(), key.region(), key.keyId())) {
            KeyStore.deleteGrant(tx, key.accountId(), key.region(), grant);
        }
        tx.delete(KmsKeys.importParameters(key.accountId(), key.region(), key.keyId()));
        tx.delete(KmsKeys.lastUsage(key.accountId(), key.region(), key.keyId()));
        tx.delete(KmsKeys.key(key.accountId(), key.region(), key.keyId()));
        StorageScheduler.cancel(tx, KeyRotation.ROTATE_JOB, KmsKeys.jobId(key));
        StorageScheduler.cancel(tx, KeyImport.EXPIRY_JOB, KmsKeys.jobId(key));
        env.materials.forget(key);
    }
}
