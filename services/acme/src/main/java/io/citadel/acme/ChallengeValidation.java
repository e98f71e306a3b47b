package io.citadel.acme;

import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Challenge validation (RFC 8555 section 8): a client's POST moves the challenge pending → processing and hands
 * the check to a worker, off the request; the worker fetches the http-01 resource, reads the dns-01 TXT record or checks the tls-alpn-01 certificate
 * and writes valid or invalid, and the authorization follows. A durable job ({@value #TIMEOUT_JOB}) makes a
 * challenge whose node died mid-validation invalid, so nothing stays processing forever.
 */
public final class ChallengeValidation {

    public static final String TIMEOUT_JOB = "acme.validation-timeout";
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeValidation.class);

    record Target(String directory, String authorizationId, String challengeId) {
    }

    /** The challenge after the request, and its authorization. */
    public record Responded(AcmeAuthorization authorization, AcmeAuthorization.Challenge challenge) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final Executor worker;
    private final AcmeSettings settings;
    private final Http01Client http;
    private final DnsTxtClient dns;
    private final TlsAlpn01Client tls;

    ChallengeValidation(Storage storage, InstantSource clock, Executor worker, AcmeSettings settings, StorageScheduler scheduler) {
        this.storage = storage;
        this.clock = clock;
        this.worker = worker;
        this.settings = settings;
        this.http = new Http01Client(new HostResolver(settings.hosts()), settings.http01Port(), settings.validationTimeout());
        this.dns = new DnsTxtClient(settings.dnsServer(), settings.validationTimeout());
        this.tls = new TlsAlpn01Client(new HostResolver(settings.hosts()), settings.tlsAlpn01Port(), settings.validationTimeout());
        scheduler.register(TIMEOUT_JOB, this::timeout);
    }

    /** The key authorization of a token for an account key (section 8.1). */
    public static String keyAuthorization(String token, AcmeAccount account) {
        return token + "." + account.thumbprint();
    }

    /** The dns-01 TXT value: base64url(SHA-256(key authorization)) (section 8.4). */
    public static String dnsValue(String keyAuthorization) {
        return Jws.base64url(Jws.sha256(keyAuthorization.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The client says it is ready (a POST with {}): a pending challenge starts processing; any other is returned as it is. */
    public Responded respond(AcmeDirectory d, AcmeAccount account, String authzId, String challengeId) {
        AcmeAccounts.requireValid(account);
        Instant now = clock.instant();
        Step step = storage.transaction(tx -> {
            AcmeAuthorization a = AcmeOrders.ownedAuthorization(tx, d, account.id(), authzId);
            AcmeAuthorization.Challenge c = challenge(a, challengeId);
            if (c.status() != AcmeAuthorization.ChallengeStatus.pending) {
                return new Step(new Responded(a, c), false);
            }
            if (a.statusAt(now) != AcmeAuthorization.Status.pending) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "authorization " + authzId + " is " + a.statusAt(now)
                        + " (expected: pending to answer a challenge)");
            }
            AcmeAuthorization.Challenge processing = new AcmeAuthorization.Challenge(c.id(), c.type(), c.token(),
                    AcmeAuthorization.ChallengeStatus.processing, null, null);
            AcmeAuthorization updated = a.withChallenge(processing, a.status(), a.expires());
            AcmeRepository.putAuthorization(tx, d, updated);
            StorageScheduler.schedule(tx, timeoutJob(d, authzId, challengeId, now));
            return new Step(new Responded(updated, processing), true);
        });
        if (step.started()) {
            try {
                worker.execute(() -> validate(d, account.id(), authzId, challengeId));
            } catch (RejectedExecutionException e) {
                LOG.warn("ACME validation of {} not started (worker busy); it times out", authzId);
            }
        }
        return step.responded();
    }

    private record Step(Responded responded, boolean started) {
    }

    /** Runs one validation and records its outcome; the worker calls it. */
    void validate(AcmeDirectory d, String accountId, String authzId, String challengeId) {
        AcmeAuthorization a;
        AcmeAccount account;
        try {
            a = AcmeRepository.authorization(storage.reads(), d, authzId).orElseThrow();
            account = AcmeRepository.account(storage.reads(), d, accountId).orElseThrow();
        } catch (RuntimeException e) {
            LOG.warn("ACME validation of {}: cannot read it: {}", authzId, e.toString());
            return;
        }
        AcmeAuthorization.Challenge c = challenge(a, challengeId);
        AcmeProblem.StoredError error = null;
        try {
            check(a.identifier(), c, keyAuthorization(c.token(), account));
        } catch (AcmeProblem p) {
            error = p.stored();
        } catch (RuntimeException e) {
            LOG.warn("ACME validation of {} failed unexpectedly", authzId, e);
            error = new AcmeProblem(AcmeProblem.Type.SERVER_INTERNAL, c.type() + ": validation failed").stored();
        }
        AcmeProblem.StoredError outcome = error;
        try {
            storage.transaction(tx -> {
                record(tx, d, authzId, challengeId, outcome);
                StorageScheduler.cancel(tx, TIMEOUT_JOB, jobId(d, authzId, challengeId));
                return null;
            });
        } catch (RuntimeException e) {
            // storage closing under a node shutdown, say: the timeout job settles the challenge later
            LOG.warn("ACME validation of {}: cannot record the outcome: {}", authzId, e.toString());
        }
    }

    private void check(Identifier identifier, AcmeAuthorization.Challenge c, String keyAuthorization) {
        switch (c.type()) {
            case AcmeAuthorization.HTTP_01 -> http.validate(identifier.base(), c.token(), keyAuthorization);
            case AcmeAuthorization.TLS_ALPN_01 -> tls.validate(identifier.base(), keyAuthorization);
            case AcmeAuthorization.DNS_01 -> {
                String name = "_acme-challenge." + identifier.base();
                List<String> records;
                try {
                    records = dns.txt(name);
                } catch (IOException | IllegalArgumentException e) {
                    throw new AcmeProblem(AcmeProblem.Type.DNS, "dns-01: cannot query TXT " + name + " at "
                            + dns.server() + ": " + e.getMessage());
                }
                String expected = dnsValue(keyAuthorization);
                if (!records.contains(expected)) {
                    throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "dns-01: TXT " + name + " is " + records
                            + " (expected: a record " + expected + ")");
                }
            }
            default -> throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "challenge type " + c.type() + " is not supported");
        }
    }

    /** Writes the outcome if the challenge is still processing: valid makes the authorization valid, an error invalid. */
    private void record(Transaction tx, AcmeDirectory d, String authzId, String challengeId, AcmeProblem.StoredError error) {
        Optional<AcmeAuthorization> current = AcmeRepository.authorization(tx, d, authzId);
        if (current.isEmpty()) {
            return;
        }
        AcmeAuthorization a = current.get();
        AcmeAuthorization.Challenge c = challenge(a, challengeId);
        if (c.status() != AcmeAuthorization.ChallengeStatus.processing) {
            return;
        }
        Instant now = clock.instant();
        boolean ok = error == null;
        AcmeAuthorization.Challenge done = new AcmeAuthorization.Challenge(c.id(), c.type(), c.token(),
                ok ? AcmeAuthorization.ChallengeStatus.valid : AcmeAuthorization.ChallengeStatus.invalid, ok ? now : null, error);
        AcmeAuthorization.Status status = a.status() != AcmeAuthorization.Status.pending ? a.status()
                : ok ? AcmeAuthorization.Status.valid : AcmeAuthorization.Status.invalid;
        AcmeRepository.putAuthorization(tx, d, a.withChallenge(done, status, a.expires()));
    }

    private ScheduledJob timeout(Transaction tx, ScheduledJob job) {
        Target t = StoredJson.read(job.payload(), Target.class);
        AcmeRepository.directory(tx, t.directory()).ifPresent(d -> record(tx, d, t.authorizationId(), t.challengeId(),
                new AcmeProblem(AcmeProblem.Type.SERVER_INTERNAL, "validation did not complete within "
                        + settings.validationTimeout().multipliedBy(4).toSeconds() + " s; create a new order").stored()));
        return null;
    }

    private ScheduledJob timeoutJob(AcmeDirectory d, String authzId, String challengeId, Instant now) {
        return new ScheduledJob(TIMEOUT_JOB, jobId(d, authzId, challengeId), now.plus(settings.validationTimeout().multipliedBy(4)),
                StoredJson.write(new Target(d.name(), authzId, challengeId)));
    }

    private static String jobId(AcmeDirectory d, String authzId, String challengeId) {
        return d.name() + "/" + authzId + "/" + challengeId;
    }

    private static AcmeAuthorization.Challenge challenge(AcmeAuthorization a, String challengeId) {
        AcmeIds.check(challengeId, "challenge");
        return a.challenge(challengeId).orElseThrow(() ->
                new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "challenge " + challengeId + " does not exist"));
    }
}
