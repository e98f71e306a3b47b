package io.citadel.core.schedule;

import java.util.Optional;

/**
 * Durable deferred work shared by the services: key deletion after its waiting period, rotation,
 * expiry, renewal. A job runs once across all nodes at or after its due time, never before.
 */
public interface Scheduler {

    /** Creates or replaces the job (kind, id): at most one pending job per (kind, id). Replacing resets its attempts. */
    void schedule(ScheduledJob job);

    /** Removes the pending job if any; returns whether one existed. */
    boolean cancel(String kind, String id);

    /** The pending job; after failed runs its {@code dueAt} is the time of the next attempt. */
    Optional<ScheduledJob> find(String kind, String id);
}
