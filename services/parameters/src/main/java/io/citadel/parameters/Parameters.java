package io.citadel.parameters;

import io.citadel.core.access.Access;
import io.citadel.kms.Kms;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * Parameter Store, assembled: writes, reads, tags and service settings over one storage, the policy
 * engine and KMS (called as the caller, via ssm, for SecureString); parameter policies run on the
 * node's durable scheduler.
 */
public final class Parameters {

    private final ParameterWrites writes;
    private final ParameterReads reads;
    private final ParameterTags tags;
    private final ServiceSettings settings;
    private final ParameterEvents events;

    public Parameters(Storage storage, InstantSource clock, SecureRandom random, Access access, Kms kms, StorageScheduler scheduler) {
        this(storage, clock, random, access, kms, scheduler, ParameterLimits.AWS);
    }

    public Parameters(Storage storage, InstantSource clock, SecureRandom random, Access access, Kms kms, StorageScheduler scheduler,
                      ParameterLimits limits) {
        this(storage, clock, random, access, kms, scheduler, limits, SecretReferences.NONE);
    }

    /** {@code secrets} answers /aws/reference/secretsmanager/ names. */
    public Parameters(Storage storage, InstantSource clock, SecureRandom random, Access access, Kms kms, StorageScheduler scheduler,
                      ParameterLimits limits, SecretReferences secrets) {
        ParameterEnvironment env = new ParameterEnvironment(storage, clock, access, new SecureValues(kms, random), limits);
        this.settings = new ServiceSettings(env);
        this.writes = new ParameterWrites(env, settings);
        this.reads = new ParameterReads(env, new ReadThrottle(clock, limits, settings), secrets);
        this.tags = new ParameterTags(env);
        this.events = new ParameterEvents(storage);
        new ParameterPolicies(clock).register(scheduler);
    }

    /** The EventBridge-shaped events logged so far (until the events service delivers them). */
    public ParameterEvents events() {
        return events;
    }

    public ParameterWrites writes() {
        return writes;
    }

    public ParameterReads reads() {
        return reads;
    }

    public ParameterTags tags() {
        return tags;
    }

    public ServiceSettings settings() {
        return settings;
    }
}
