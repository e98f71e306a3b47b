package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Key rotation: automatic rotation of symmetric keys every RotationPeriodInDays (90-2560, default
 * 365; the first one period after enabling), RotateKeyOnDemand (at most 25 per key), and
 * ListKeyRotations. A rotation adds a material version; old versions stay, so every earlier
 * ciphertext still decrypts. The durable scheduler carries out automatic rotations.
 */
public final class KeyRotation {

    static final String ROTATE_JOB = "kms.rotate-key";
    static final int MAX_ON_DEMAND = 25;

    /** GetKeyRotationStatus's answer. */
    public record Status(KmsKey key, boolean enabled, Integer periodDays, Instant nextRotationDate,
                         Instant onDemandRotationStartDate) {
    }

    /** One entry of ListKeyRotations. */
    public record Rotation(String keyArn, String materialId, Instant rotationDate, String rotationType) {
    }

    private final KmsEnvironment env;
    private final KeyAdministration admin;

    KeyRotation(KmsEnvironment env, KeyAdministration admin) {
        this.env = env;
        this.admin = admin;
    }

    public void enableKeyRotation(RequestContext ctx, String keyId, Integer rotationPeriodInDays) {
        int days = rotationPeriodInDays == null ? 365 : rotationPeriodInDays;
        if (days < 90 || days > 2560) {
            throw KmsErrors.validation("RotationPeriodInDays: " + days + " (expected: 90..2560)");
        }
        admin.changeWithTx(ctx, keyId, "EnableKeyRotation", r -> r.put("kms:RotationPeriodInDays", Integer.toString(days)),
                false, (tx, key) -> {
            KeyAdministration.requireCustomerManaged(key, "EnableKeyRotation");
            requireRotatable(key, "Automatic rotation");
            requireNotReplica(key);
            KeyStates.requireManageable(key);
            if (key.state() == KeyState.DISABLED) {
                throw KeyStates.notIn(key);
            }
            Instant next = env.clock.instant().plus(Duration.ofDays(days));
            StorageScheduler.schedule(tx, new ScheduledJob(ROTATE_JOB, KmsKeys.jobId(key), next));
            return key.toBuilder().rotation(true, days, next).build();
        });
    }

    public void disableKeyRotation(RequestContext ctx, String keyId) {
        admin.changeWithTx(ctx, keyId, "DisableKeyRotation", null, false, (tx, key) -> {
            KeyAdministration.requireCustomerManaged(key, "DisableKeyRotation");
            requireRotatable(key, "Automatic rotation");
            requireNotReplica(key);
            KeyStates.requireManageable(key);
            StorageScheduler.cancel(tx, ROTATE_JOB, KmsKeys.jobId(key));
            return key.toBuilder().rotation(false, key.rotationPeriodDays(), null).build();
        });
    }

    public Status getKeyRotationStatus(RequestContext ctx, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        env.access.require(ctx, resolved, "GetKeyRotationStatus", null, Call.DIRECT, null, null);
        KmsKey key = resolved.key();
        // AWS: while a key is pending deletion its rotation status reads false; cancelling restores it.
        boolean enabled = key.rotationEnabled() && key.state() != KeyState.PENDING_DELETION;
        return new Status(key, enabled, enabled ? key.rotationPeriodDays() : null, enabled ? key.nextRotationDate() : null, null);
    }

    public KmsKey rotateKeyOnDemand(RequestContext ctx, String keyId) {
        return admin.changeWithTx(ctx, keyId, "RotateKeyOnDemand", null, false, (tx, key) -> {
            KeyAdministration.requireCustomerManaged(key, "RotateKeyOnDemand");
            requireRotatable(key, "On-demand rotation");
            KeyStates.requireEnabled(key);
            if (key.isPrimary() == false && key.multiRegion()) {
                throw KmsErrors.unsupported(key.arn() + " is a replica key; rotate its primary key");
            }
            if (key.onDemandRotations() >= MAX_ON_DEMAND) {
                throw KmsErrors.error(KmsErrors.LIMIT_EXCEEDED, "On-demand rotations of " + key.arn() + ": "
                        + key.onDemandRotations() + " (expected: at most " + MAX_ON_DEMAND + " per key)");
            }
            KmsKey rotated = addMaterial(tx, key, "ON_DEMAND");
            return rotated.toBuilder().onDemandRotations(key.onDemandRotations() + 1).build();
        });
    }

    /** The scheduler's automatic rotation: a new material version, then the next rotation one period later. */
    ScheduledJob rotateDue(Transaction tx, ScheduledJob job) {
        env.storage.changed();
        String[] parts = job.id().split("/", 3);
        var found = KeyStore.key(tx, parts[0], parts[1], parts[2]);
        if (found.isEmpty() || !found.get().rotationEnabled()) {
            return null;
        }
        KmsKey key = found.get();
        if (key.state() != KeyState.ENABLED) {
            // AWS does not rotate a disabled (or pending deletion) key; EnableKey runs the overdue rotation.
            return null;
        }
        int days = key.rotationPeriodDays() == null ? 365 : key.rotationPeriodDays();
        Instant now = env.clock.instant();
        Instant next = job.dueAt().plus(Duration.ofDays(days));
        if (!next.isAfter(now)) {
            next = now.plus(Duration.ofDays(days));
        }
        key = addMaterial(tx, key, "AUTOMATIC");
        KeyStore.putKey(tx, key.toBuilder().rotation(true, days, next).build());
        KmsEvents.emit(tx, now, KmsEvents.ROTATION, key);
        return new ScheduledJob(ROTATE_JOB, job.id(), next);
    }

    /** Writes material version n+1 and points every region of the key (multi-Region: all of them) at it. */
    private KmsKey addMaterial(Transaction tx, KmsKey key, String rotationType) {
        int version = key.currentVersion() + 1;
        KeyMaterial material = admin.newMaterial(key.keySpec(), version, env.clock.instant(), rotationType);
        KeyStore.putMaterial(tx, key, material);
        if (key.multiRegion()) {
            for (String region : key.replicaRegions()) {
                KeyStore.key(tx, key.accountId(), region, key.keyId()).ifPresent(replica ->
                        KeyStore.putKey(tx, replica.toBuilder().material(version, material.materialId()).build()));
            }
        }
        KmsKey rotated = key.toBuilder().material(version, material.materialId()).build();
        KeyStore.putKey(tx, rotated);
        return rotated;
    }

    public List<Rotation> listKeyRotations(RequestContext ctx, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        KeyAdministration.requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "ListKeyRotations", null, Call.DIRECT, null, null);
        KmsKey key = resolved.key();
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsErrors.unsupported("ListKeyRotations is supported only on symmetric encryption KMS keys; " + key.arn()
                    + " is " + key.keySpec());
        }
        return env.storage.transaction(tx -> KeyStore.materials(tx, key)).stream()
                .filter(m -> m.rotationType() != null)
                .map(m -> new Rotation(key.arn(), m.materialId(), m.createdAt(), m.rotationType()))
                .toList();
    }

    /**
     * A replica shares its primary's material; only the primary may add versions (a replica's own rotation
     * would write a version number the primary then writes again with other material).
     */
    private static void requireNotReplica(KmsKey key) {
        if (key.multiRegion() && !key.isPrimary()) {
            throw KmsErrors.unsupported(key.arn() + " is a replica key; manage automatic rotation on its primary key in "
                    + key.primaryRegion());
        }
    }

    private static void requireRotatable(KmsKey key, String what) {
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsErrors.unsupported(what + " is supported only on symmetric encryption KMS keys; " + key.arn() + " is "
                    + key.keySpec());
        }
        if (key.origin() == KmsKey.Origin.EXTERNAL) {
            throw KmsErrors.unsupported(what + " of imported key material: import new material into a new key and move the alias ("
                    + key.arn() + ")");
        }
    }
}
