package io.citadel.secrets;

import io.citadel.core.RequestContext;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.core.audit.ServiceEvent;
import io.citadel.core.audit.ServiceEventRecorder;
import io.citadel.core.json.StoredJson;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.secrets.rotation.RotationException;
import io.citadel.secrets.rotation.RotationFunction;
import io.citadel.secrets.rotation.RotationFunctionResolver;
import io.citadel.secrets.rotation.RotationSecrets;
import io.citadel.secrets.rotation.RotationStep;
import io.citadel.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation state machine. A rotation is a {@link RotationState} in storage plus one scheduler
 * job per secret. When the job fires (the scheduled rotation, a retry, or the lease of a node that
 * died mid-rotation) its transaction claims the rotation with a fresh claim id and schedules the
 * job again at the end of a 15-minute lease (a Lambda's longest run); only the node whose
 * transaction committed holds the claim, so a rotation runs once across nodes. The claiming node
 * then runs the steps createSecret → setSecret → testSecret → finishSecret outside any
 * transaction (they call databases and webhooks), committing each finished step, with the lease
 * renewed, before the next. A node killed between steps leaves the state at the unfinished step;
 * when the lease job fires, the next claim resumes there with the same token. A failing step keeps
 * the state (AWSPENDING stays where the function put it, AWSCURRENT is untouched), records the
 * error, emits RotationFailed and retries with backoff; finishSecret succeeds only if AWSCURRENT
 * then labels the token's version.
 */
public final class RotationEngine {

    static final Duration LEASE = Duration.ofMinutes(15);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final String CANNOT_INVOKE = "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy "
            + "grants access to the principal secretsmanager.amazonaws.com.";
    private static final Logger LOG = LoggerFactory.getLogger(RotationEngine.class);

    private final SecretEnvironment env;
    private final SecretReplication replication;
    private final RotationFunctionResolver resolver;
    private final Executor executor;
    private final ServiceEventRecorder audit;
    private final SecretsForRotation secrets;
    private final Queue<Claim> claimed = new ConcurrentLinkedQueue<>();

    RotationEngine(SecretEnvironment env, SecretWrites writes, SecretReads reads, SecretReplication replication,
                   RandomPasswords passwords, RotationFunctionResolver resolver, Executor executor, ServiceEventRecorder audit) {
        this.env = env;
        this.audit = audit;
        this.replication = replication;
        this.resolver = resolver;
        this.executor = executor;
        this.secrets = new SecretsForRotation(env, writes, reads, passwords);
    }

    /** A claim a node's transaction made; valid only if the stored state still carries it. */
    record Claim(String account, String region, String name, String arn, String claim) {
    }

    public record Rotated(String arn, String name, String versionId) {
    }

    public record Rules(Long automaticallyAfterDays, String scheduleExpression, String duration) {
    }

    public Rotated rotate(RequestContext ctx, String secretId, String clientRequestToken, String lambdaArn, Rules rules,
                          Boolean rotateImmediately) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "RotateSecret", secret, request -> {
            if (lambdaArn != null) {
                request.put("secretsmanager:RotationLambdaARN", lambdaArn);
            }
        });
        SecretWrites.requireWritable(secret);
        SecretWrites.requireNotDeleted(secret);
        StoredSecret.RotationConfig old = secret.rotation();
        String arn = lambdaArn != null && !lambdaArn.isEmpty() ? lambdaArn : old == null ? null : old.lambdaArn();
        if (arn == null) {
            throw SecretErrors.invalidRequest("No Lambda rotation function ARN is associated with this secret.");
        }
        Rules effective = rules != null ? rules : old == null ? null
                : new Rules(old.scheduleExpression() != null ? null : old.automaticallyAfterDays(), old.scheduleExpression(), old.duration());
        RotationSchedule schedule = effective == null || effective.automaticallyAfterDays() == null && effective.scheduleExpression() == null
                ? null : RotationSchedule.parse(effective.automaticallyAfterDays(), effective.scheduleExpression(), effective.duration());
        if (resolver.find(secret.account(), secret.region(), arn).isEmpty()) {
            throw new AccessDeniedException(CANNOT_INVOKE);
        }
        boolean immediately = rotateImmediately == null || rotateImmediately;
        String token = immediately ? SecretWrites.token(clientRequestToken) : null;
        Instant now = env.now();
        Claim[] holder = new Claim[1];
        String versionId = env.storage.transaction(tx -> {
            holder[0] = null;
            StoredSecret fresh = SecretWrites.fresh(tx, secret);
            Optional<RotationState> state = SecretRepository.rotation(tx, fresh.account(), fresh.region(), fresh.name());
            if (state.isPresent() && state.get().status() == RotationState.Status.RUNNING && state.get().leaseUntil() != null
                    && state.get().leaseUntil().isAfter(now)) {
                throw SecretErrors.invalidRequest(SecretErrors.ROTATION_IN_PROGRESS);
            }
            if (state.isEmpty() && immediately && fresh.versions().stream()
                    .anyMatch(v -> v.stages().contains(Staging.PENDING) && !v.stages().contains(Staging.CURRENT))) {
                throw SecretErrors.invalidRequest(SecretErrors.ROTATION_IN_PROGRESS);
            }
            StoredSecret.Builder b = fresh.edit();
            b.rotation = new StoredSecret.RotationConfig(true, arn, schedule == null ? null : schedule.days(),
                    effective == null ? null : effective.scheduleExpression(), effective == null ? null : effective.duration());
            String result = null;
            if (immediately) {
                b.nextRotationDate = schedule == null ? null : schedule.next(now);
                RotationState current = state.orElse(null);
                if (current == null) {
                    current = new RotationState(token, RotationStep.CREATE_SECRET, RotationState.Status.RUNNING, null, null, 0, null, now);
                    SecretEvents.rotation(tx, fresh.account(), fresh.region(), now, "RotationStarted", fresh.arn(), token, null);
                }
                holder[0] = claimIn(tx, fresh, current, now);
                result = current.token();
            } else {
                b.nextRotationDate = schedule == null ? null : schedule.next(fresh.lastRotatedDate() != null ? fresh.lastRotatedDate() : now);
                if (state.isEmpty()) {
                    if (b.nextRotationDate != null) {
                        SecretJobs.scheduleRotation(tx, fresh, b.nextRotationDate);
                    } else {
                        SecretJobs.cancelRotation(tx, fresh);
                    }
                }
            }
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            return result;
        });
        if (holder[0] != null) {
            submit(holder[0]);
        }
        if (!immediately) {
            testConfiguration(secret, arn, clientRequestToken);
        }
        return new Rotated(secret.arn(), secret.name(), versionId);
    }

    /**
     * RotateImmediately false: as AWS does, tests the rotation configuration by running the function's testSecret
     * step once, against an AWSPENDING version that holds a copy of AWSCURRENT and is removed again (left without
     * labels). Nothing else changes; a failed test is reported as a failed rotation is (RotationFailed event and
     * audit record, step testSecret), and the schedule stays in place.
     */
    private void testConfiguration(StoredSecret seen, String lambdaArn, String clientRequestToken) {
        Optional<RotationFunction> function = resolver.find(seen.account(), seen.region(), lambdaArn);
        StoredSecret secret = SecretRepository.head(env.storage.reads(), seen.account(), seen.region(), seen.name()).orElse(seen);
        RotationSecrets secrets = this.secrets.forSecret(secret);
        Claim c = new Claim(secret.account(), secret.region(), secret.name(), secret.arn(), null);
        String token = SecretWrites.token(clientRequestToken);
        Optional<RotationSecrets.Version> current;
        try {
            current = secrets.getSecretValue(secret.arn(), null, Staging.CURRENT);
        } catch (RotationException e) {
            current = Optional.empty();
        }
        if (function.isEmpty() || current.isEmpty() || current.get().secretString() == null) {
            return;
        }
        String problem = null;
        boolean created = false;
        try {
            secrets.putSecretValue(secret.arn(), token, current.get().secretString(), List.of(Staging.PENDING));
            created = true;
            function.get().run(RotationStep.TEST_SECRET, secret.arn(), token, secrets);
        } catch (RotationException | RuntimeException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            if (created) {
                try {
                    secrets.updateSecretVersionStage(secret.arn(), Staging.PENDING, null, token);
                } catch (RotationException e) {
                    LOG.warn("rotation test of {}: could not remove AWSPENDING from {}: {}", secret.arn(), token, e.getMessage());
                }
            }
        }
        if (problem != null) {
            String error = RotationStep.TEST_SECRET.wire() + ": " + problem;
            Instant now = env.now();
            env.storage.transaction(tx -> {
                SecretEvents.rotation(tx, c.account(), c.region(), now, "RotationFailed", c.arn(), token, error);
                return null;
            });
            recordInAudit(c, now, "RotationFailed", token, error);
        }
    }

    public Rotated cancel(RequestContext ctx, String secretId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "CancelRotateSecret", secret, null);
        SecretWrites.requireWritable(secret);
        SecretWrites.requireNotDeleted(secret);
        Instant now = env.now();
        String versionId = env.storage.transaction(tx -> {
            StoredSecret fresh = SecretWrites.fresh(tx, secret);
            Optional<RotationState> state = SecretRepository.rotation(tx, fresh.account(), fresh.region(), fresh.name());
            state.ifPresent(s -> {
                SecretRepository.deleteRotation(tx, fresh.account(), fresh.region(), fresh.name());
                SecretEvents.rotation(tx, fresh.account(), fresh.region(), now, "RotationAbandoned", fresh.arn(), s.token(), null);
            });
            StoredSecret.Builder b = fresh.edit().changed(now);
            StoredSecret.RotationConfig r = fresh.rotation();
            b.rotation = r == null ? null : new StoredSecret.RotationConfig(false, r.lambdaArn(), r.automaticallyAfterDays(),
                    r.scheduleExpression(), r.duration());
            b.nextRotationDate = null;
            SecretJobs.cancelRotation(tx, fresh);
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            return state.map(RotationState::token).orElse(null);
        });
        return new Rotated(secret.arn(), secret.name(), versionId);
    }

    /** Claims {@code state} inside {@code tx}: a fresh claim id, and the secret's job moved to the end of the lease. */
    private static Claim claimIn(Transaction tx, StoredSecret s, RotationState state, Instant now) {
        String claim = UUID.randomUUID().toString();
        SecretRepository.putRotation(tx, s.account(), s.region(), s.name(), state.claimed(claim, now.plus(LEASE)));
        SecretJobs.scheduleRotation(tx, s, now.plus(LEASE));
        return new Claim(s.account(), s.region(), s.name(), s.arn(), claim);
    }

    /** The scheduler's handler: starts a scheduled rotation, or resumes one whose retry is due or whose worker's lease ran out. */
    ScheduledJob onJob(Transaction tx, ScheduledJob job) {
        SecretJobs.Target t = StoredJson.read(job.payload(), SecretJobs.Target.class);
        Optional<StoredSecret> head = SecretRepository.head(tx, t.account(), t.region(), t.name()).filter(s -> s.arn().equals(t.arn()));
        if (head.isEmpty() || head.get().isDeleted() || head.get().isReplica()) {
            return null;
        }
        StoredSecret s = head.get();
        Instant now = env.now();
        Optional<RotationState> state = SecretRepository.rotation(tx, s.account(), s.region(), s.name());
        RotationState current;
        if (state.isPresent()) {
            current = state.get();
        } else {
            if (s.rotation() == null || !s.rotation().enabled()) {
                return null;
            }
            String token = UUID.randomUUID().toString();
            current = new RotationState(token, RotationStep.CREATE_SECRET, RotationState.Status.RUNNING, null, null, 0, null, now);
            SecretEvents.rotation(tx, s.account(), s.region(), now, "RotationStarted", s.arn(), token, null);
        }
        String claim = UUID.randomUUID().toString();
        SecretRepository.putRotation(tx, s.account(), s.region(), s.name(), current.claimed(claim, now.plus(LEASE)));
        claimed.add(new Claim(s.account(), s.region(), s.name(), s.arn(), claim));
        return SecretJobs.rotationJob(s, now.plus(LEASE));
    }

    /** Hands the rotations this node claimed in its last scheduler run to the executor; the node's tick calls it after runDue. */
    public int runClaimed() {
        int n = 0;
        for (Claim c = claimed.poll(); c != null; c = claimed.poll()) {
            submit(c);
            n++;
        }
        return n;
    }

    private void submit(Claim claim) {
        executor.execute(() -> {
            try {
                run(claim);
            } catch (RuntimeException e) {
                LOG.warn("rotation of {} stopped: {}", claim.arn(), e.getMessage());
            }
        });
    }

    /** Runs the claimed rotation's remaining steps, committing each; returns when it finished, failed or lost its claim. */
    void run(Claim claim) {
        while (true) {
            Optional<Held> held = held(claim);
            if (held.isEmpty()) {
                return;
            }
            StoredSecret secret = held.get().secret();
            RotationState state = held.get().state();
            Optional<RotationFunction> function = secret.rotation() == null ? Optional.empty()
                    : resolver.find(secret.account(), secret.region(), secret.rotation().lambdaArn());
            if (function.isEmpty()) {
                fail(claim, state.step(), CANNOT_INVOKE);
                return;
            }
            try {
                function.get().run(state.step(), secret.arn(), state.token(), secrets.forSecret(secret));
            } catch (RotationException | RuntimeException e) {
                fail(claim, state.step(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                return;
            }
            if (!advance(claim, state)) {
                return;
            }
        }
    }

    private record Held(StoredSecret secret, RotationState state) {
    }

    private Optional<Held> held(Claim c) {
        return env.storage.transaction(tx -> {
            Optional<StoredSecret> s = SecretRepository.head(tx, c.account(), c.region(), c.name()).filter(x -> x.arn().equals(c.arn()));
            Optional<RotationState> r = SecretRepository.rotation(tx, c.account(), c.region(), c.name())
                    .filter(x -> c.claim().equals(x.claim()) && x.status() == RotationState.Status.RUNNING);
            return s.isPresent() && r.isPresent() && !s.get().isDeleted() ? Optional.of(new Held(s.get(), r.get())) : Optional.<Held>empty();
        });
    }

    /** Commits a finished step; returns whether another step follows. */
    private boolean advance(Claim c, RotationState ran) {
        Instant now = env.now();
        boolean[] succeeded = {false};
        String problem = env.storage.transaction(tx -> {
            succeeded[0] = false;
            Optional<StoredSecret> head = SecretRepository.head(tx, c.account(), c.region(), c.name()).filter(x -> x.arn().equals(c.arn()));
            Optional<RotationState> state = SecretRepository.rotation(tx, c.account(), c.region(), c.name())
                    .filter(x -> c.claim().equals(x.claim()));
            if (head.isEmpty() || state.isEmpty()) {
                return "";
            }
            StoredSecret s = head.get();
            if (ran.step() != RotationStep.FINISH_SECRET) {
                RotationStep next = RotationStep.values()[ran.step().ordinal() + 1];
                SecretRepository.putRotation(tx, s.account(), s.region(), s.name(), state.get().advanced(next, now.plus(LEASE)));
                SecretJobs.scheduleRotation(tx, s, now.plus(LEASE));
                return null;
            }
            boolean current = s.version(ran.token()).map(v -> v.stages().contains(Staging.CURRENT)).orElse(false);
            if (!current) {
                return "finishSecret returned, but the staging label AWSCURRENT is not on version " + ran.token() + ".";
            }
            SecretRepository.deleteRotation(tx, s.account(), s.region(), s.name());
            StoredSecret.Builder b = s.edit().changed(now);
            b.lastRotatedDate = now;
            b.nextRotationDate = nextAfter(s, now);
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            if (updated.nextRotationDate() != null && s.rotation().enabled()) {
                SecretJobs.scheduleRotation(tx, updated, updated.nextRotationDate());
            } else {
                SecretJobs.cancelRotation(tx, updated);
            }
            SecretEvents.rotation(tx, s.account(), s.region(), now, "RotationSucceeded", s.arn(), ran.token(), null);
            succeeded[0] = true;
            return "";
        });
        if (succeeded[0]) {
            recordInAudit(c, now, "RotationSucceeded", ran.token(), null);
        }
        if (problem == null) {
            return true;
        }
        if (!problem.isEmpty()) {
            fail(c, ran.step(), problem);
        }
        return false;
    }

    private static Instant nextAfter(StoredSecret s, Instant now) {
        StoredSecret.RotationConfig r = s.rotation();
        if (r == null || !r.enabled() || r.automaticallyAfterDays() == null && r.scheduleExpression() == null) {
            return null;
        }
        return RotationSchedule.parse(r.scheduleExpression() != null ? null : r.automaticallyAfterDays(), r.scheduleExpression(),
                r.duration()).next(now);
    }

    /** Records a failed step: the state stays (AWSCURRENT untouched), RotationFailed is emitted, a retry is scheduled with backoff. */
    private void fail(Claim c, RotationStep step, String message) {
        Instant now = env.now();
        String error = step.wire() + ": " + message;
        String[] failedToken = {null};
        env.storage.transaction(tx -> {
            failedToken[0] = null;
            Optional<StoredSecret> head = SecretRepository.head(tx, c.account(), c.region(), c.name()).filter(x -> x.arn().equals(c.arn()));
            Optional<RotationState> state = SecretRepository.rotation(tx, c.account(), c.region(), c.name())
                    .filter(x -> c.claim().equals(x.claim()));
            if (head.isEmpty() || state.isEmpty()) {
                return null;
            }
            StoredSecret s = head.get();
            RotationState failed = state.get().failed(error.length() > 1024 ? error.substring(0, 1024) : error);
            SecretRepository.putRotation(tx, s.account(), s.region(), s.name(), failed);
            if (failed.attempts() <= env.limits.rotationRetries()) {
                SecretJobs.scheduleRotation(tx, s, now.plus(FIRST_RETRY.multipliedBy(1L << Math.min(failed.attempts() - 1, 10))));
            } else if (s.nextRotationDate() != null && s.rotation() != null && s.rotation().enabled()) {
                SecretJobs.scheduleRotation(tx, s, s.nextRotationDate().isAfter(now) ? s.nextRotationDate()
                        : nextAfter(s, now));
            } else {
                SecretJobs.cancelRotation(tx, s);
            }
            SecretEvents.rotation(tx, s.account(), s.region(), now, "RotationFailed", s.arn(), failed.token(), error);
            failedToken[0] = failed.token();
            return null;
        });
        if (failedToken[0] != null) {
            recordInAudit(c, now, "RotationFailed", failedToken[0], error);
        }
        LOG.info("rotation of {} failed at {}", c.arn(), step.wire());
    }

    /**
     * The outcome as a service event in the audit trail (CloudTrail's AwsServiceEvent), after its
     * transaction committed; a trail that cannot record it is logged, the rotation's state stands.
     */
    private void recordInAudit(Claim c, Instant now, String eventName, String token, String error) {
        String data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("SecretId", c.arn()).put("ClientRequestToken", token).toString();
        try {
            audit.record(new ServiceEvent(now, "secretsmanager", eventName, c.account(), c.region(), List.of(c.arn()), error, data));
        } catch (RuntimeException e) {
            LOG.warn("audit trail: could not record {} of {}: {}", eventName, c.arn(), e.getMessage());
        }
    }

    /**
     * A new AWSCURRENT written by hand (PutSecretValue, UpdateSecret) while a rotation is in progress
     * abandons that rotation, as AWS does: its state goes, AWSPENDING leaves the pending version, and
     * RotationAbandoned is emitted. The rotation's own token is not a manual change.
     */
    static void abandonIn(Transaction tx, StoredSecret.Builder b, String token, Instant now) {
        Optional<RotationState> state = SecretRepository.rotation(tx, b.account, b.region, b.name);
        if (state.isEmpty() || state.get().token().equals(token)) {
            return;
        }
        SecretRepository.deleteRotation(tx, b.account, b.region, b.name);
        String pending = state.get().token();
        b.versions = new ArrayList<>(Staging.remove(b.versions, Staging.PENDING, pending));
        SecretEvents.rotation(tx, b.account, b.region, now, "RotationAbandoned", b.arn, pending, null);
        StoredSecret s = b.build();
        if (s.rotation() != null && s.rotation().enabled() && s.nextRotationDate() != null) {
            SecretJobs.scheduleRotation(tx, s, s.nextRotationDate().isAfter(now) ? s.nextRotationDate() : now);
        } else {
            SecretJobs.cancelRotation(tx, s);
        }
    }
}
