package io.citadel.secrets;

import io.citadel.core.access.Access;
import io.citadel.kms.Kms;
import io.citadel.core.audit.ServiceEventRecorder;
import io.citadel.secrets.rotation.RotationFunctionResolver;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Secrets Manager, assembled: writes, reads, tags, resource policies, replication, random passwords
 * and the rotation engine over one storage, the policy engine and KMS (called as the caller, via
 * secretsmanager). The purge after a recovery window and rotations run on the node's durable
 * scheduler; the node calls {@link #runClaimedRotations()} after each scheduler run.
 */
public final class Secrets {

    private final SecretWrites writes;
    private final SecretReads reads;
    private final SecretTags tags;
    private final SecretPolicies policies;
    private final SecretReplication replication;
    private final RandomPasswords passwords;
    private final RotationEngine rotation;
    private final SecretEvents events;
    private final SecretReferences references;
    private final SecretEnvironment env;

    /** {@code audit} records rotation outcomes (RotationSucceeded, RotationFailed) as service events. */
    public Secrets(Storage storage, InstantSource clock, SecureRandom random, Access access, Kms kms, StorageScheduler scheduler,
                   RotationFunctionResolver resolver, ServiceEventRecorder audit) {
        this(storage, clock, random, access, kms, scheduler, resolver, Executors.newVirtualThreadPerTaskExecutor(), SecretLimits.AWS, audit);
    }

    /** {@code rotations} runs claimed rotations (tests pass a direct executor). */
    public Secrets(Storage storage, InstantSource clock, SecureRandom random, Access access, Kms kms, StorageScheduler scheduler,
                   RotationFunctionResolver resolver, Executor rotations, SecretLimits limits, ServiceEventRecorder audit) {
        this.env = new SecretEnvironment(storage, clock, random, access, new SecretCrypto(kms, random), limits);
        this.replication = new SecretReplication(env);
        this.writes = new SecretWrites(env, replication);
        this.reads = new SecretReads(env);
        this.tags = new SecretTags(env, replication);
        this.policies = new SecretPolicies(env, replication);
        this.passwords = new RandomPasswords(random);
        this.rotation = new RotationEngine(env, writes, reads, replication, passwords, resolver, rotations, audit);
        this.events = new SecretEvents(storage);
        this.references = new SecretReferences(reads);
        scheduler.register(SecretJobs.PURGE, writes::purge);
        scheduler.register(SecretJobs.ROTATION, rotation::onJob);
    }

    public SecretWrites writes() {
        return writes;
    }

    public SecretReads reads() {
        return reads;
    }

    public SecretTags tags() {
        return tags;
    }

    public SecretPolicies policies() {
        return policies;
    }

    public SecretReplication replication() {
        return replication;
    }

    public RandomPasswords passwords() {
        return passwords;
    }

    /** GetRandomPassword: needs secretsmanager:GetRandomPassword, as in AWS. */
    public String randomPassword(io.citadel.core.RequestContext ctx, RandomPasswords.Options options) {
        env.requireWithoutSecret(ctx, "GetRandomPassword", "*", null);
        return passwords.generate(options);
    }

    public RotationEngine rotation() {
        return rotation;
    }

    /** The events waiting in the outbox (for tests and operators). */
    public SecretEvents events() {
        return events;
    }

    /** What Parameter Store's /aws/reference/secretsmanager/ names read through. */
    public SecretReferences references() {
        return references;
    }

    /** Starts the rotations this node claimed in its last scheduler run; the node's tick calls it after runDue. */
    public int runClaimedRotations() {
        return rotation.runClaimed();
    }
}
