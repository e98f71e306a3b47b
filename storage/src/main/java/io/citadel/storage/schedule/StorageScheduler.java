package io.citadel.storage.schedule;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.core.schedule.Scheduler;
import io.citadel.storage.Entry;
import io.citadel.storage.KeyRules;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.ScheduleKeys.DueEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler} every node runs over the shared {@link Storage}: jobs and a per-kind due-time
 * index live in storage (docs/storage.md, "Scheduler"), so they survive restarts and every node
 * sees the same queue.
 *
 * <p><b>Exactly once.</b> {@link #runDue()} runs each due job in its own storage transaction that
 * re-reads the job, deletes it, runs the handler and schedules the handler's follow-up. The job's
 * removal and the handler's effects therefore commit together or not at all; when two nodes race
 * for one job, the backend serialises them (one writer in SQLite and in memory, SERIALIZABLE with
 * retry in PostgreSQL) and the loser finds the job gone. A handler that throws leaves nothing
 * behind; a second transaction then counts the attempt, records the error text and moves the job
 * {@link #FIRST_RETRY_DELAY} .. {@link #MAX_RETRY_DELAY} into the future, doubling per failure.
 */
public final class StorageScheduler implements Scheduler {

    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(30);
    public static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    public static final int MAX_NODE_ID_CHARS = 128;

    private static final Logger LOG = LoggerFactory.getLogger(StorageScheduler.class);
    private static final byte[] EMPTY = new byte[0];
    private static final Comparator<DueEntry> DUE_ORDER = Comparator.comparing(DueEntry::dueAt)
            .thenComparing(DueEntry::kind)
            .thenComparing(DueEntry::id, KeyRules.ORDER);

    private final Storage storage;
    private final InstantSource clock;
    private final String nodeId;
    private final int batchSize;
    private final ConcurrentMap<String, JobHandler> handlers = new ConcurrentHashMap<>();

    /** A scheduler running at most {@value #DEFAULT_BATCH_SIZE} jobs per {@link #runDue()}. */
    public StorageScheduler(Storage storage, InstantSource clock, String nodeId) {
        this(storage, clock, nodeId, DEFAULT_BATCH_SIZE);
    }

    /** {@code nodeId} names this node in recorded errors; {@code batchSize} (1..1000) bounds one {@link #runDue()}. */
    public StorageScheduler(Storage storage, InstantSource clock, String nodeId, int batchSize) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeId = checkNodeId(nodeId);
        if (batchSize < 1 || batchSize > KeyRules.MAX_SCAN_LIMIT) {
            throw new IllegalArgumentException("scheduler batchSize: " + batchSize + " (expected: 1.." + KeyRules.MAX_SCAN_LIMIT + ")");
        }
        this.batchSize = batchSize;
    }

    @Override
    public void schedule(ScheduledJob job) {
        Objects.requireNonNull(job, "job");
        storage.transaction(tx -> {
            schedule(tx, job);
            return null;
        });
    }

    @Override
    public boolean cancel(String kind, String id) {
        ScheduledJob.checkKind(kind);
        ScheduledJob.checkId(id);
        return storage.transaction(tx -> cancel(tx, kind, id));
    }

    @Override
    public Optional<ScheduledJob> find(String kind, String id) {
        return status(kind, id).map(JobStatus::job);
    }

    /** The pending job with its failed attempts and last error. */
    public Optional<JobStatus> status(String kind, String id) {
        ScheduledJob.checkKind(kind);
        ScheduledJob.checkId(id);
        return storage.get(ScheduleKeys.job(kind, id)).map(value -> JobRecord.decode(kind, id, value));
    }

    /**
     * Creates or replaces the job (kind, id) inside {@code tx}, so a service can schedule in the same
     * transaction as its own state change; replacing resets the attempts.
     */
    public static void schedule(Transaction tx, ScheduledJob job) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(job, "job");
        write(tx, JobStatus.fresh(job));
    }

    /** Removes the pending job (kind, id) inside {@code tx}; returns whether one existed. */
    public static boolean cancel(Transaction tx, String kind, String id) {
        Objects.requireNonNull(tx, "tx");
        Optional<JobStatus> current = status(tx, kind, id);
        if (current.isEmpty()) {
            return false;
        }
        tx.delete(ScheduleKeys.job(kind, id));
        tx.delete(ScheduleKeys.due(current.get().job()));
        return true;
    }

    /** The pending job (kind, id) as {@code tx} sees it. */
    public static Optional<JobStatus> status(Transaction tx, String kind, String id) {
        ScheduledJob.checkKind(kind);
        ScheduledJob.checkId(id);
        return tx.get(ScheduleKeys.job(kind, id)).map(value -> JobRecord.decode(kind, id, value));
    }

    /** Registers the handler for one kind; at most one per kind. Jobs of kinds without a handler stay pending. */
    public void register(String kind, JobHandler handler) {
        ScheduledJob.checkKind(kind);
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("job handler for kind '" + kind + "': already registered (expected: at most one per kind)");
        }
    }

    /**
     * Runs the jobs due at {@code clock.instant()}, earliest first, each once; returns how many ran
     * (succeeded, or failed and were moved back). One call handles at most the batch size (default
     * {@value #DEFAULT_BATCH_SIZE}) so it cannot run forever: call again while it returns the batch
     * size. Jobs of kinds with no handler on this node are skipped and stay pending; follow-ups
     * scheduled by this call run on a later call.
     */
    public int runDue() {
        Instant now = clock.instant();
        int ran = 0;
        for (DueEntry entry : candidates(now)) {
            if (runOne(entry, now)) {
                ran++;
            }
        }
        return ran;
    }

    /** The earliest due rows of the registered kinds: one page per kind is enough, since at most a batch runs. */
    private List<DueEntry> candidates(Instant now) {
        List<DueEntry> due = new ArrayList<>();
        for (String kind : handlers.keySet()) {
            for (Entry row : storage.scan(ScheduleKeys.duePrefix(kind), null, batchSize).entries()) {
                Optional<DueEntry> entry = ScheduleKeys.parseDue(kind, row.key());
                if (entry.isEmpty()) {
                    continue;
                }
                if (entry.get().dueAt().isAfter(now)) {
                    break;
                }
                due.add(entry.get());
            }
        }
        due.sort(DUE_ORDER);
        return due.size() > batchSize ? due.subList(0, batchSize) : due;
    }

    private boolean runOne(DueEntry entry, Instant now) {
        JobHandler handler = handlers.get(entry.kind());
        try {
            return storage.transaction(tx -> run(tx, entry, handler));
        } catch (HandlerFailure failure) {
            recordFailure(entry, now, failure.getCause());
            return true;
        }
    }

    /** Returns false when another node ran, replaced or cancelled the job since the scan. */
    private static boolean run(Transaction tx, DueEntry entry, JobHandler handler) {
        Optional<JobStatus> current = status(tx, entry.kind(), entry.id());
        if (current.isEmpty() || !current.get().job().dueAt().equals(entry.dueAt())) {
            if (tx.get(entry.key()).isPresent()) {
                tx.delete(entry.key());
            }
            return false;
        }
        ScheduledJob job = current.get().job();
        tx.delete(ScheduleKeys.job(job.kind(), job.id()));
        tx.delete(entry.key());
        ScheduledJob followUp;
        try {
            followUp = handler.run(tx, job);
        } catch (RuntimeException e) {
            throw new HandlerFailure(e);
        }
        if (followUp != null) {
            schedule(tx, followUp);
        }
        return true;
    }

    private void recordFailure(DueEntry entry, Instant now, Throwable error) {
        String text = errorText(nodeId, error);
        Optional<JobStatus> moved = storage.transaction(tx -> {
            Optional<JobStatus> current = status(tx, entry.kind(), entry.id());
            if (current.isEmpty() || !current.get().job().dueAt().equals(entry.dueAt())) {
                return Optional.<JobStatus>empty();
            }
            int attempts = current.get().attempts() == Integer.MAX_VALUE ? Integer.MAX_VALUE : current.get().attempts() + 1;
            Instant retryAt = now.plus(backoff(attempts));
            if (retryAt.isAfter(ScheduledJob.LATEST_DUE)) {
                retryAt = ScheduledJob.LATEST_DUE;
            }
            JobStatus updated = new JobStatus(current.get().job().withDueAt(retryAt), attempts, text);
            write(tx, updated);
            return Optional.of(updated);
        });
        moved.ifPresent(s -> LOG.warn("scheduled job {}/{} failed (attempt {}), next attempt at {}",
                entry.kind(), entry.id(), s.attempts(), s.job().dueAt(), error));
    }

    /** The delay before the next run after {@code attempts} failures: 30 s doubling up to 1 h. */
    static Duration backoff(int attempts) {
        Duration delay = FIRST_RETRY_DELAY;
        for (int i = 1; i < attempts && delay.compareTo(MAX_RETRY_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    /** {@code <node>: <class>: <message>}, one line, at most 1024 chars; no stack trace, no cause, no payload. */
    static String errorText(String nodeId, Throwable error) {
        String message = error.getMessage();
        String text = nodeId + ": " + error.getClass().getName() + (message == null ? "" : ": " + message);
        StringBuilder out = new StringBuilder(Math.min(text.length(), JobStatus.MAX_ERROR_CHARS));
        for (int i = 0; i < text.length() && out.length() < JobStatus.MAX_ERROR_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > JobStatus.MAX_ERROR_CHARS) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static void write(Transaction tx, JobStatus status) {
        ScheduledJob job = status.job();
        String key = ScheduleKeys.job(job.kind(), job.id());
        Optional<byte[]> previous = tx.get(key);
        if (previous.isPresent()) {
            tx.delete(ScheduleKeys.due(JobRecord.decode(job.kind(), job.id(), previous.get()).job()));
        }
        tx.put(key, JobRecord.encode(status));
        tx.put(ScheduleKeys.due(job), EMPTY);
    }

    private static String checkNodeId(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty() || nodeId.length() > MAX_NODE_ID_CHARS || nodeId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("scheduler nodeId: '" + nodeId + "' (expected: 1.." + MAX_NODE_ID_CHARS
                    + " chars without control characters)");
        }
        return nodeId;
    }

    /** Carries a handler's exception out of the transaction (which rolls back) to the failure bookkeeping. */
    private static final class HandlerFailure extends RuntimeException {

        HandlerFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
