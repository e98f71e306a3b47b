package io.citadel.acm;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code acm.expiry} job of each certificate: from the account's DaysBeforeExpiry (default 45) days before NotAfter
 * it emits "ACM Certificate Approaching Expiration" once a day; at NotAfter it marks the certificate EXPIRED and emits
 * "ACM Certificate Expired" (not for imported certificates, as in AWS). The job first fires {@link #MAX_DAYS_BEFORE_EXPIRY} days out and moves itself to the
 * account's current setting, so PutAccountConfiguration needs no rescheduling.
 */
final class ExpiryEvents {

    static final int MAX_DAYS_BEFORE_EXPIRY = 45;

    private final AcmEnvironment env;

    ExpiryEvents(AcmEnvironment env) {
        this.env = env;
    }

    ScheduledJob onExpiryJob(Transaction tx, ScheduledJob job) {
        AcmJobs.Target t = AcmJobs.target(job);
        Optional<StoredCertificate> found = CertificateRepository.find(tx, t.account(), t.region(), t.id());
        if (found.isEmpty() || found.get().x509() == null) {
            return null;
        }
        StoredCertificate c = found.get();
        Instant now = env.now();
        Instant notAfter = c.x509().notAfter();
        if (!now.isBefore(notAfter)) {
            if (c.status() == StoredCertificate.Status.ISSUED) {
                StoredCertificate expired = c.withStatus(StoredCertificate.Status.EXPIRED, c.failureReason());
                CertificateRepository.put(tx, expired);
                if (c.type() != StoredCertificate.Type.IMPORTED) {
                    // as AWS documents: Expired events are not sent for imported certificates
                    AcmEvents.expired(tx, expired, now);
                }
            }
            return null;
        }
        int days = CertificateRepository.config(tx, t.account(), t.region()).daysBeforeExpiry();
        Instant from = notAfter.minus(Duration.ofDays(days));
        if (now.isBefore(from)) {
            return job.withDueAt(from);
        }
        if (c.status() == StoredCertificate.Status.ISSUED) {
            AcmEvents.approachingExpiration(tx, c, now, daysToExpiry(now, notAfter));
        }
        Instant next = now.plus(Duration.ofDays(1));
        return job.withDueAt(next.isBefore(notAfter) ? next : notAfter);
    }

    /** Whole days left, rounded up (a certificate expiring in 29.5 days is 30 days from expiry, as AWS counts). */
    static long daysToExpiry(Instant now, Instant notAfter) {
        long seconds = Duration.between(now, notAfter).getSeconds();
        return Math.max(0, (seconds + 86_399) / 86_400);
    }
}
