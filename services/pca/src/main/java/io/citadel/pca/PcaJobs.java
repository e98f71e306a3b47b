package io.citadel.pca;

import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.time.Instant;

/** The durable scheduler's jobs for ACM PCA: the purge of a deleted CA after its restore window, and CRL regeneration before nextUpdate. */
final class PcaJobs {

    static final String PURGE = "acm-pca.purge";
    static final String CRL = "acm-pca.crl";

    /** What a job needs to find its CA. */
    record Target(String account, String region, String id) {
    }

    private PcaJobs() {
    }

    static String id(StoredAuthority ca) {
        return ca.account() + "/" + ca.region() + "/" + ca.id();
    }

    static void schedulePurge(Transaction tx, StoredAuthority ca, Instant at) {
        StorageScheduler.schedule(tx, new ScheduledJob(PURGE, id(ca), at, StoredJson.write(new Target(ca.account(), ca.region(), ca.id()))));
    }

    static void cancelPurge(Transaction tx, StoredAuthority ca) {
        StorageScheduler.cancel(tx, PURGE, id(ca));
    }

    static void scheduleCrl(Transaction tx, StoredAuthority ca, Instant at) {
        StorageScheduler.schedule(tx, new ScheduledJob(CRL, id(ca), at, StoredJson.write(new Target(ca.account(), ca.region(), ca.id()))));
    }

    static Target target(ScheduledJob job) {
        return StoredJson.read(job.payload(), Target.class);
    }
}
