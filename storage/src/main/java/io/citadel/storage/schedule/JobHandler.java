package io.citadel.storage.schedule;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;

/**
 * The work behind one job kind, registered with {@link StorageScheduler#register}. It runs inside
 * the storage transaction that removes the job, which may run more than once (PostgreSQL retries),
 * so it must act only through {@code tx}: no network calls, no in-memory state changes.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Does the job's work inside {@code tx}; the job's removal commits in the same transaction, so a
     * job's effect happens exactly once. May return a follow-up job (e.g. the next rotation) to
     * schedule in the same transaction, or null. Throwing rolls back; the job is retried later with
     * backoff, and its attempts and the exception's class and message are recorded, so messages
     * must not carry secrets.
     */
    ScheduledJob run(Transaction tx, ScheduledJob job);
}
