package io.citadel.acm;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain validation and managed renewal on the durable scheduler. A certificate waiting for validation (its request,
 * or a renewal) has one {@code acm.validation} job: inside the scheduler's transaction the job only times the wait
 * out (72 hours; a renewal at NotAfter) or claims a check and moves itself to the next check; the claimed checks run
 * after the scheduler's run ({@link #runClaimed()}), outside any transaction, because they ask DNS, send mail and call
 * the CA. A check that a crash loses is simply done again at the next job. DNS validation succeeds when the CNAME ACM
 * asked for resolves to its value; EMAIL validation when an approval link is followed ({@link #approve}).
 * {@code acm.renewal} fires 60 days before NotAfter and starts a renewal of an eligible certificate.
 */
public final class Validations {

    private static final Logger LOG = LoggerFactory.getLogger(Validations.class);
    /** Where approval links point, below the approval base URL; the api package serves it as a public route. */
    public static final String APPROVAL_PATH = "/acm/approve/";
    static final String PENDING = "PENDING_VALIDATION";
    static final String SUCCESS = "SUCCESS";
    static final String FAILED = "FAILED";
    static final String PENDING_AUTO_RENEWAL = "PENDING_AUTO_RENEWAL";

    /** A check this node claimed: the certificate, and whether it is its renewal that waits. */
    record Claim(AcmJobs.Target target, boolean renewal) {
    }

    /** What following an approval link did. */
    public enum ApprovalOutcome { APPROVED, ISSUED, UNKNOWN_OR_EXPIRED }

    private final AcmEnvironment env;
    private final CertificateIssuance issuance;
    private final Queue<Claim> claimed = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.Executor checks;
    /** Certificates whose check runs on this node now: a slow check is not started twice. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code checks} runs the claimed checks (a node: one virtual thread each, so a slow DNS server holds up nothing else). */
    Validations(AcmEnvironment env, CertificateIssuance issuance, java.util.concurrent.Executor checks) {
        this.env = env;
        this.issuance = issuance;
        this.checks = checks;
    }

    private static boolean renewing(StoredCertificate c) {
        return c.renewal() != null && (c.renewal().status().equals(PENDING_AUTO_RENEWAL) || c.renewal().status().equals(PENDING));
    }

    /** The {@code acm.validation} handler: times out, or claims a check and comes back at the next one. */
    ScheduledJob onValidationJob(Transaction tx, ScheduledJob job) {
        AcmJobs.Target t = AcmJobs.target(job);
        Optional<StoredCertificate> found = CertificateRepository.find(tx, t.account(), t.region(), t.id());
        if (found.isEmpty()) {
            return null;
        }
        StoredCertificate c = found.get();
        Instant now = env.now();
        if (c.status() == StoredCertificate.Status.PENDING_VALIDATION) {
            Instant deadline = c.createdAt().plus(env.settings.validationTimeout());
            if (!now.isBefore(deadline)) {
                CertificateRepository.put(tx, c.mapValidations(v -> v.status().equals(SUCCESS) ? v : v.withStatus(FAILED))
                        .withStatus(StoredCertificate.Status.VALIDATION_TIMED_OUT, null));
                return null;
            }
            claimed.add(new Claim(t, false));
            return job.withDueAt(min(now.plus(env.settings.validationCheck()), deadline));
        }
        if (renewing(c) && c.x509() != null) {
            Instant deadline = c.x509().notAfter();
            if (!now.isBefore(deadline)) {
                StoredCertificate failed = c.withRenewal(new StoredCertificate.Renewal(FAILED, c.renewal().reason(), now,
                        c.renewal().validations()));
                CertificateRepository.put(tx, failed);
                AcmEvents.renewalActionRequired(tx, failed, now, FAILED, 0);
                return null;
            }
            claimed.add(new Claim(t, true));
            return job.withDueAt(min(now.plus(env.settings.renewalCheck()), deadline));
        }
        return null;
    }

    /** The {@code acm.renewal} handler: starts managed renewal of an eligible certificate, or looks again tomorrow. */
    ScheduledJob onRenewalJob(Transaction tx, ScheduledJob job) {
        AcmJobs.Target t = AcmJobs.target(job);
        Optional<StoredCertificate> found = CertificateRepository.find(tx, t.account(), t.region(), t.id());
        if (found.isEmpty() || found.get().type() == StoredCertificate.Type.IMPORTED || found.get().x509() == null
                || found.get().status() != StoredCertificate.Status.ISSUED) {
            return null;
        }
        StoredCertificate c = found.get();
        Instant now = env.now();
        if (!c.renewalEligible()) {
            Instant next = now.plus(Duration.ofDays(1));
            return next.isBefore(c.x509().notAfter()) ? job.withDueAt(next) : null;
        }
        if (renewing(c)) {
            return null;
        }
        List<StoredCertificate.Validation> validations = c.validations().stream()
                .map(v -> new StoredCertificate.Validation(v.domainName(), v.validationDomain(), PENDING, v.emails(), v.recordName(),
                        v.recordValue(), null)).toList();
        boolean email = "EMAIL".equals(c.validationMethod());
        StoredCertificate renewing = c.withRenewal(new StoredCertificate.Renewal(email ? PENDING : PENDING_AUTO_RENEWAL, null, now, validations));
        CertificateRepository.put(tx, renewing);
        if (email) {
            AcmEvents.renewalActionRequired(tx, renewing, now, PENDING, Duration.between(now, c.x509().notAfter()).toDays());
        }
        AcmJobs.schedule(tx, AcmJobs.VALIDATION, renewing, now);
        return null;
    }

    /** Hands the checks this node claimed in its last scheduler run to the executor; the node's tick calls it after runDue. */
    public int runClaimed() {
        int n = 0;
        for (Claim claim = claimed.poll(); claim != null; claim = claimed.poll()) {
            Claim c = claim;
            String key = AcmJobs.id(c.target());
            if (!running.add(key)) {
                continue;
            }
            try {
                checks.execute(() -> {
                    try {
                        check(c);
                    } catch (RuntimeException e) {
                        LOG.warn("ACM validation check of certificate {} failed: {}", c.target().id(), e.toString());
                    } finally {
                        running.remove(key);
                    }
                });
            } catch (RuntimeException e) {
                running.remove(key);
                throw e;
            }
            n++;
        }
        return n;
    }

    private void check(Claim claim) {
        AcmJobs.Target t = claim.target();
        Optional<StoredCertificate> found = CertificateRepository.find(env.storage, t.account(), t.region(), t.id());
        if (found.isEmpty()) {
            return;
        }
        StoredCertificate c = found.get();
        List<StoredCertificate.Validation> validations;
        if (claim.renewal()) {
            if (!renewing(c)) {
                return;
            }
            if (c.type() == StoredCertificate.Type.PRIVATE) {
                issuance.issueValidated(t, true);
                return;
            }
            validations = c.renewal().validations();
        } else {
            if (c.status() != StoredCertificate.Status.PENDING_VALIDATION) {
                return;
            }
            validations = c.validations();
        }
        List<StoredCertificate.Validation> updated = new ArrayList<>();
        for (StoredCertificate.Validation v : validations) {
            if (!v.status().equals(PENDING)) {
                updated.add(v);
            } else if ("DNS".equals(c.validationMethod())) {
                boolean resolves = env.settings.dns().cname(v.recordName()).stream().anyMatch(target -> DomainNames.sameName(target, v.recordValue()));
                updated.add(resolves ? v.withStatus(SUCCESS) : v);
            } else if (v.mailedAt() == null) {
                updated.add(mail(c, v, claim.renewal()) ? v.mailed(env.now()) : v);
            } else {
                updated.add(v);
            }
        }
        boolean done = updated.stream().allMatch(v -> v.status().equals(SUCCESS));
        boolean dnsRenewalStuck = claim.renewal() && !done && "DNS".equals(c.validationMethod())
                && c.renewal().status().equals(PENDING_AUTO_RENEWAL);
        if (!updated.equals(validations) || dnsRenewalStuck) {
            save(t, claim.renewal(), updated, dnsRenewalStuck);
        }
        if (done) {
            issuance.issueValidated(t, claim.renewal());
        }
    }

    /** Stores changed validation states, unless the certificate moved on meanwhile. */
    private void save(AcmJobs.Target t, boolean renewal, List<StoredCertificate.Validation> updated, boolean actionRequired) {
        env.storage.transaction(tx -> {
            Optional<StoredCertificate> fresh = CertificateRepository.find(tx, t.account(), t.region(), t.id());
            if (fresh.isEmpty()) {
                return null;
            }
            StoredCertificate c = fresh.get();
            Instant now = env.now();
            if (renewal && renewing(c)) {
                String status = actionRequired ? PENDING : c.renewal().status();
                StoredCertificate next = c.withRenewal(new StoredCertificate.Renewal(status, c.renewal().reason(), now, merge(c.renewal().validations(), updated)));
                CertificateRepository.put(tx, next);
                if (actionRequired) {
                    AcmEvents.renewalActionRequired(tx, next, now, PENDING, Duration.between(now, c.x509().notAfter()).toDays());
                }
            } else if (!renewal && c.status() == StoredCertificate.Status.PENDING_VALIDATION) {
                CertificateRepository.put(tx, c.withValidations(merge(c.validations(), updated)));
            }
            return null;
        });
    }

    /** Keeps SUCCESS from either side (an approval may land between the check's read and its write). */
    private static List<StoredCertificate.Validation> merge(List<StoredCertificate.Validation> stored, List<StoredCertificate.Validation> checked) {
        List<StoredCertificate.Validation> out = new ArrayList<>();
        for (StoredCertificate.Validation s : stored) {
            StoredCertificate.Validation c = checked.stream().filter(v -> v.domainName().equals(s.domainName())).findFirst().orElse(s);
            StoredCertificate.Validation pick = s.status().equals(SUCCESS) ? s : c;
            out.add(s.mailedAt() != null && pick.mailedAt() == null ? pick.mailed(s.mailedAt()) : pick);
        }
        return out;
    }

    /** Sends one domain's approval mail to its five addresses; the link's token is stored hashed. Returns whether the relay took it. */
    boolean mail(StoredCertificate c, StoredCertificate.Validation v, boolean renewal) {
        byte[] raw = new byte[32];
        env.random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = renewal && c.x509() != null ? c.x509().notAfter() : c.createdAt().plus(env.settings.validationTimeout());
        env.storage.transaction(tx -> {
            CertificateRepository.putApproval(tx, token, new CertificateRepository.Approval(c.account(), c.region(), c.id(), v.domainName(),
                    renewal, expires));
            return null;
        });
        String base = env.settings.approvalBaseUrl().get();
        String link = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + APPROVAL_PATH + token;
        String body = "Certificate approval for " + v.domainName() + "\n\n"
                + "A certificate " + (renewal ? "renewal " : "") + "was requested in AWS account " + c.account() + ", region " + c.region()
                + ", for these domain names:\n\n  " + String.join("\n  ", c.allNames()) + "\n\n"
                + "Certificate identifier: " + c.id() + "\n\n"
                + "To approve this request, open the link below and confirm:\n\n" + link + "\n\n"
                + "The link is valid until " + expires + ". If you did not expect this request, ignore this mail.\n";
        try {
            env.settings.mailer().send(env.settings.mailFrom(), v.emails(), "Certificate approval for " + v.domainName(), body);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("approval mail for certificate {} ({}) not sent: {}", c.id(), v.domainName(), e.getMessage());
            return false;
        }
    }

    /** Following an approval link: marks the domain validated and, when it was the last one, issues the certificate. */
    public ApprovalOutcome approve(String token) {
        record Approved(AcmJobs.Target target, boolean renewal, boolean done) {
        }
        Approved approved = env.storage.transaction(tx -> {
            Optional<CertificateRepository.Approval> found = CertificateRepository.approval(tx, token);
            if (found.isEmpty() || !env.now().isBefore(found.get().expiresAt())) {
                return null;
            }
            CertificateRepository.Approval a = found.get();
            Optional<StoredCertificate> cert = CertificateRepository.find(tx, a.account(), a.region(), a.id());
            CertificateRepository.deleteApproval(tx, token);
            if (cert.isEmpty()) {
                return null;
            }
            StoredCertificate c = cert.get();
            List<StoredCertificate.Validation> validations;
            if (a.renewal() && renewing(c)) {
                validations = approveDomain(c.renewal().validations(), a.domainName());
                CertificateRepository.put(tx, c.withRenewal(new StoredCertificate.Renewal(c.renewal().status(), null, env.now(), validations)));
            } else if (!a.renewal() && c.status() == StoredCertificate.Status.PENDING_VALIDATION) {
                validations = approveDomain(c.validations(), a.domainName());
                CertificateRepository.put(tx, c.withValidations(validations));
            } else {
                return null;
            }
            return new Approved(AcmJobs.Target.of(c), a.renewal(), validations.stream().allMatch(v -> v.status().equals(SUCCESS)));
        });
        if (approved == null) {
            return ApprovalOutcome.UNKNOWN_OR_EXPIRED;
        }
        if (approved.done()) {
            issuance.issueValidated(approved.target(), approved.renewal());
            return ApprovalOutcome.ISSUED;
        }
        return ApprovalOutcome.APPROVED;
    }

    private static List<StoredCertificate.Validation> approveDomain(List<StoredCertificate.Validation> in, String domain) {
        return in.stream().map(v -> v.domainName().equals(domain) ? v.withStatus(SUCCESS) : v).toList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
