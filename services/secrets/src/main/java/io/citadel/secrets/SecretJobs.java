package io.citadel.secrets;

import io.citadel.core.crypto.Hashes;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The durable scheduler's jobs for secrets: the purge after the recovery window, and one rotation
 * job per secret (next scheduled rotation, or the lease of a rotation in progress). Job ids hash the
 * name, which may be sensitive and is long.
 */
final class SecretJobs {

    static final String PURGE = "secretsmanager.purge";
    static final String ROTATION = "secretsmanager.rotation";

    /** What a job needs to find its secret. */
    record Target(String account, String region, String name, String arn) {
    }

    private SecretJobs() {
    }

    static String id(String account, String region, String name) {
        return account + "/" + region + "/" + Hashes.hex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
    }

    static void schedulePurge(Transaction tx, StoredSecret s, Instant at) {
        StorageScheduler.schedule(tx, new ScheduledJob(PURGE, id(s.account(), s.region(), s.name()), at,
                StoredJson.write(new Target(s.account(), s.region(), s.name(), s.arn()))));
    }

    static void cancelPurge(Transaction tx, StoredSecret s) {
        StorageScheduler.cancel(tx, PURGE, id(s.account(), s.region(), s.name()));
    }

    static ScheduledJob rotationJob(StoredSecret s, Instant at) {
        return new ScheduledJob(ROTATION, id(s.account(), s.region(), s.name()), at,
                StoredJson.write(new Target(s.account(), s.region(), s.name(), s.arn())));
    }

    static void scheduleRotation(Transaction tx, StoredSecret s, Instant at) {
        StorageScheduler.schedule(tx, rotationJob(s, at));
    }

    static void cancelRotation(Transaction tx, StoredSecret s) {
        StorageScheduler.cancel(tx, ROTATION, id(s.account(), s.region(), s.name()));
    }
}
