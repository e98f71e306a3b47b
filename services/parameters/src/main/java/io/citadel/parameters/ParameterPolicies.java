package io.citadel.parameters;

import io.citadel.core.crypto.Hashes;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Carries out parameter policies through the durable scheduler: each version's policies become jobs
 * written in the same transaction as the version (replacing the previous version's), and a job acts
 * only if its version is still the parameter's latest. Expiration deletes the parameter;
 * the notifications write a "Parameter Store Policy Action" event.
 */
final class ParameterPolicies {

    static final String EXPIRATION_JOB = "ssm-policy-expiration";
    static final String EXPIRATION_NOTICE_JOB = "ssm-policy-expiration-notice";
    static final String NO_CHANGE_JOB = "ssm-policy-no-change";
    private static final List<String> KINDS = List.of(EXPIRATION_JOB, EXPIRATION_NOTICE_JOB, NO_CHANGE_JOB);

    private final InstantSource clock;

    ParameterPolicies(InstantSource clock) {
        this.clock = clock;
    }

    /** What a job needs to find its parameter version. */
    record Target(String account, String region, String name, long version) {
    }

    void register(StorageScheduler scheduler) {
        scheduler.register(EXPIRATION_JOB, this::expire);
        scheduler.register(EXPIRATION_NOTICE_JOB, (tx, job) -> notify(tx, job, ParameterPolicy.Type.ExpirationNotification));
        scheduler.register(NO_CHANGE_JOB, (tx, job) -> notify(tx, job, ParameterPolicy.Type.NoChangeNotification));
    }

    static String jobId(String account, String region, String name) {
        return account + "/" + region + "/" + Hashes.hex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces the parameter's policy jobs with those of {@code version}'s policies. */
    static void schedule(Transaction tx, String account, String region, String name, long version, List<ParameterPolicy> policies,
                         Instant written) {
        cancel(tx, account, region, name);
        Instant expiration = policies.stream().filter(p -> p.type() == ParameterPolicy.Type.Expiration)
                .map(ParameterPolicy::timestamp).findFirst().orElse(null);
        byte[] payload = StoredJson.write(new Target(account, region, name, version));
        for (ParameterPolicy p : policies) {
            String kind = switch (p.type()) {
                case Expiration -> EXPIRATION_JOB;
                case ExpirationNotification -> EXPIRATION_NOTICE_JOB;
                case NoChangeNotification -> NO_CHANGE_JOB;
            };
            StorageScheduler.schedule(tx, new ScheduledJob(kind, jobId(account, region, name), p.dueAt(written, expiration), payload));
        }
    }

    static void cancel(Transaction tx, String account, String region, String name) {
        for (String kind : KINDS) {
            StorageScheduler.cancel(tx, kind, jobId(account, region, name));
        }
    }

    private Optional<StoredParameter> current(Transaction tx, Target t) {
        return ParameterRepository.head(tx, t.account(), t.region(), t.name()).filter(p -> p.version() == t.version());
    }

    private ScheduledJob expire(Transaction tx, ScheduledJob job) {
        Target t = StoredJson.read(job.payload(), Target.class);
        current(tx, t).ifPresent(p -> {
            ParameterRepository.deleteAll(tx, t.account(), t.region(), t.name());
            ParameterRepository.putCounts(tx, t.account(), t.region(),
                    ParameterRepository.counts(tx, t.account(), t.region()).plus(p.tier(), -1));
            cancel(tx, t.account(), t.region(), t.name());
            Instant now = clock.instant();
            ParameterEvents.policyAction(tx, t.account(), t.region(), now, t.name(), p.type(), ParameterPolicy.Type.Expiration,
                    "Expiration policy deleted parameter version " + t.version());
            ParameterEvents.change(tx, t.account(), t.region(), now, "Delete", t.name(), p.type(), p.description());
        });
        return null;
    }

    private ScheduledJob notify(Transaction tx, ScheduledJob job, ParameterPolicy.Type type) {
        Target t = StoredJson.read(job.payload(), Target.class);
        current(tx, t).ifPresent(p -> {
            Instant now = clock.instant();
            ParameterEvents.policyAction(tx, t.account(), t.region(), now, t.name(), p.type(), type,
                    type == ParameterPolicy.Type.ExpirationNotification
                            ? "Expiration notification for parameter version " + t.version()
                            : "Parameter version " + t.version() + " has not changed");
            ParameterRepository.putHead(tx, t.account(), t.region(), p.withPolicies(acted(p.policies(), type, now)));
            ParameterRepository.version(tx, t.account(), t.region(), t.name(), t.version()).ifPresent(v ->
                    ParameterRepository.putVersion(tx, t.account(), t.region(), v.withPolicies(acted(v.policies(), type, now))));
        });
        return null;
    }

    private static List<ParameterPolicy> acted(List<ParameterPolicy> policies, ParameterPolicy.Type type, Instant at) {
        return policies.stream().map(p -> p.type() == type && p.actedAt() == null ? p.acted(at) : p).toList();
    }
}
