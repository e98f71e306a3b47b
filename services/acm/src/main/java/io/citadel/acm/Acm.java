package io.citadel.acm;

import io.citadel.core.access.Access;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * AWS Certificate Manager, assembled: requests and issuance through a {@link CertificateIssuer}, imports, reads,
 * tags, updates, DNS and EMAIL validation, managed renewal, expiry events and the expiration compliance check, over
 * one storage and the policy engine. Validation, renewal and expiry run on the node's durable scheduler; the node
 * calls {@link #runClaimedChecks()} after each scheduler run.
 */
public final class Acm {

    private final CertificateIssuance issuance;
    private final CertificateImports imports;
    private final CertificateReads reads;
    private final CertificateSearch search;
    private final CertificateTags tags;
    private final CertificateUpdates updates;
    private final Validations validations;
    private final AcmEvents events;
    private final ExpirationCheck expirationCheck;

    /** A node's ACM: claimed validation checks run on virtual threads. */
    public Acm(Storage storage, InstantSource clock, SecureRandom random, Access access, StorageScheduler scheduler, CertificateIssuer issuer,
               AcmSettings settings) {
        this(storage, clock, random, access, scheduler, issuer, settings, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    /** {@code checks} runs the claimed validation checks (tests pass {@code Runnable::run}). */
    public Acm(Storage storage, InstantSource clock, SecureRandom random, Access access, StorageScheduler scheduler, CertificateIssuer issuer,
               AcmSettings settings, java.util.concurrent.Executor checks) {
        AcmEnvironment env = new AcmEnvironment(storage, clock, random, access, issuer, settings);
        this.issuance = new CertificateIssuance(env);
        this.imports = new CertificateImports(env);
        this.reads = new CertificateReads(env);
        this.search = new CertificateSearch(env);
        this.tags = new CertificateTags(env);
        this.validations = new Validations(env, issuance, checks);
        this.updates = new CertificateUpdates(env, validations);
        this.events = new AcmEvents(storage);
        this.expirationCheck = new ExpirationCheck(storage, clock);
        ExpiryEvents expiry = new ExpiryEvents(env);
        scheduler.register(AcmJobs.VALIDATION, validations::onValidationJob);
        scheduler.register(AcmJobs.RENEWAL, validations::onRenewalJob);
        scheduler.register(AcmJobs.EXPIRY, expiry::onExpiryJob);
    }

    public CertificateIssuance issuance() {
        return issuance;
    }

    public CertificateImports imports() {
        return imports;
    }

    public CertificateReads reads() {
        return reads;
    }

    public CertificateSearch search() {
        return search;
    }

    public CertificateTags tags() {
        return tags;
    }

    public CertificateUpdates updates() {
        return updates;
    }

    public Validations validations() {
        return validations;
    }

    /** The ACM events waiting in the outbox (for tests and operators). */
    public AcmEvents events() {
        return events;
    }

    /** The acm-certificate-expiration-check equivalent. */
    public ExpirationCheck expirationCheck() {
        return expirationCheck;
    }

    /** Starts the validation checks this node claimed in its last scheduler run (DNS lookups, approval mail, issuance). */
    public int runClaimedChecks() {
        return validations.runClaimed();
    }
}
