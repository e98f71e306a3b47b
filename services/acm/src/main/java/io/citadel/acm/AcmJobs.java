package io.citadel.acm;

import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.Instant;

/**
 * The durable scheduler's jobs for ACM, one of each kind per certificate (id {@code account/region/certificateId}):
 * the validation check (pending validation of a request or of a renewal), managed renewal (60 days before NotAfter)
 * and expiry (the daily Approaching Expiration events, then Expired).
 */
final class AcmJobs {

    static final String VALIDATION = "acm.validation";
    static final String RENEWAL = "acm.renewal";
    static final String EXPIRY = "acm.expiry";

    /** What a job needs to find its certificate. */
    record Target(String account, String region, String id) {
        static Target of(StoredCertificate c) {
            return new Target(c.account(), c.region(), c.id());
        }
    }

    private AcmJobs() {
    }

    static String id(Target t) {
        return t.account() + "/" + t.region() + "/" + t.id();
    }

    static ScheduledJob job(String kind, StoredCertificate c, Instant at) {
        Target t = Target.of(c);
        return new ScheduledJob(kind, id(t), at, StoredJson.write(t));
    }

    static Target target(ScheduledJob job) {
        return StoredJson.read(job.payload(), Target.class);
    }

    static void schedule(Transaction tx, String kind, StoredCertificate c, Instant at) {
        StorageScheduler.schedule(tx, job(kind, c, at));
    }

    static void cancelAll(Transaction tx, StoredCertificate c) {
        String id = id(Target.of(c));
        StorageScheduler.cancel(tx, VALIDATION, id);
        StorageScheduler.cancel(tx, RENEWAL, id);
        StorageScheduler.cancel(tx, EXPIRY, id);
    }

    /** The renewal and expiry jobs of a certificate that was just issued, renewed or (re-)imported. */
    static void scheduleLifecycle(Transaction tx, StoredCertificate c, AcmSettings settings) {
        Instant notAfter = c.x509().notAfter();
        String id = id(Target.of(c));
        if (c.type() == StoredCertificate.Type.IMPORTED) {
            StorageScheduler.cancel(tx, RENEWAL, id);
        } else {
            schedule(tx, RENEWAL, c, notAfter.minus(settings.renewalWindow()));
        }
        schedule(tx, EXPIRY, c, notAfter.minus(java.time.Duration.ofDays(ExpiryEvents.MAX_DAYS_BEFORE_EXPIRY)));
    }
}
