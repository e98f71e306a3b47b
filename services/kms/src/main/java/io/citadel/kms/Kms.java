package io.citadel.kms;

import io.citadel.core.access.Access;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * The KMS service, assembled: its parts share one {@link KmsEnvironment}, and its scheduled work
 * (key deletion, automatic rotation, import expiry) is registered with the node's durable
 * scheduler. Other Citadel services use {@link #cryptography()} and {@link #administration()},
 * passing the caller's context and a {@link Call#via} so policies see kms:ViaService.
 */
public final class Kms {

    private final KmsEnvironment env;
    private final KeyAdministration administration;
    private final KeyDeletion deletion;
    private final KeyCryptography cryptography;
    private final KeyPairOperations keyPairs;
    private final KeyAliases aliases;
    private final KeyGrants grants;
    private final KeyRotation rotation;
    private final KeyImport imports;
    private final KeyReplication replication;

    public Kms(Storage storage, InstantSource clock, SecureRandom random, Access access, StorageScheduler scheduler) {
        this.env = new KmsEnvironment(storage, clock, random, access);
        this.administration = new KeyAdministration(env);
        this.deletion = new KeyDeletion(env, administration);
        this.cryptography = new KeyCryptography(env);
        this.keyPairs = new KeyPairOperations(env);
        this.aliases = new KeyAliases(env);
        this.grants = new KeyGrants(env);
        this.rotation = new KeyRotation(env, administration);
        this.imports = new KeyImport(env, administration);
        this.replication = new KeyReplication(env, administration);
        scheduler.register(KeyDeletion.DELETE_JOB, deletion::deleteDue);
        scheduler.register(KeyRotation.ROTATE_JOB, rotation::rotateDue);
        scheduler.register(KeyImport.EXPIRY_JOB, imports::expireDue);
    }

    public KeyAdministration administration() {
        return administration;
    }

    public KeyDeletion deletion() {
        return deletion;
    }

    public KeyCryptography cryptography() {
        return cryptography;
    }

    public KeyPairOperations keyPairs() {
        return keyPairs;
    }

    public KeyAliases aliases() {
        return aliases;
    }

    public KeyGrants grants() {
        return grants;
    }

    public KeyRotation rotation() {
        return rotation;
    }

    public KeyImport imports() {
        return imports;
    }

    public KeyReplication replication() {
        return replication;
    }

    /**
     * After key material was destroyed (deletion, DeleteImportedKeyMaterial, import expiry), has storage
     * purge the deleted rows from its files (SQLite: truncate the write-ahead log). The node's upkeep calls it.
     */
    public void purgeDestroyedMaterial() {
        if (env.materialDestroyed.getAndSet(false)) {
            env.storage.purgeDeleted();
        }
    }

    /** Writes the key-usage records noted since the last call (GetKeyLastUsage); the node's upkeep calls it. */
    public void flushUsage() {
        env.usage.flush();
    }
}
