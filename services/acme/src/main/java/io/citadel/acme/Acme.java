package io.citadel.acme;

import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The ACME server (RFC 8555), assembled: directories (the opt-in), nonces, accounts, orders and challenge
 * validation over the sealed storage, issuing through an {@link AcmeIssuer}. The HTTP side is
 * {@link io.citadel.acme.api.AcmeRoutes}.
 */
public final class Acme {

    private final AcmeDirectories directories;
    private final Nonces nonces;
    private final AcmeAccounts accounts;
    private final AcmeOrders orders;
    private final ChallengeValidation validation;

    /**
     * @param worker runs challenge validations off the request thread (a bounded pool in a node, the calling thread in tests)
     */
    public Acme(Storage storage, InstantSource clock, SecureRandom random, AcmeIssuer issuer, StorageScheduler scheduler,
                Executor worker, AcmeSettings settings) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(settings, "settings");
        this.directories = new AcmeDirectories(storage, clock);
        this.nonces = new Nonces(storage, clock, random);
        this.accounts = new AcmeAccounts(storage, clock, random);
        this.orders = new AcmeOrders(storage, clock, random, issuer, settings);
        this.validation = new ChallengeValidation(storage, clock, worker, settings, scheduler);
    }

    public AcmeDirectories directories() {
        return directories;
    }

    public Nonces nonces() {
        return nonces;
    }

    public AcmeAccounts accounts() {
        return accounts;
    }

    public AcmeOrders orders() {
        return orders;
    }

    public ChallengeValidation validation() {
        return validation;
    }
}
