package io.citadel.storage.schedule;

import io.citadel.core.schedule.ScheduledJob;
import java.util.Objects;

/**
 * A pending job as stored: how many runs of it have failed so far and the last failure's text
 * ({@code <nodeId>: <exception class>: <message>}, empty when none).
 */
public record JobStatus(ScheduledJob job, int attempts, String lastError) {

    public static final int MAX_ERROR_CHARS = 1024;

    public JobStatus {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lastError, "lastError");
        if (attempts < 0) {
            throw new IllegalArgumentException("job attempts: " + attempts + " (expected: at least 0)");
        }
        if (lastError.length() > MAX_ERROR_CHARS) {
            throw new IllegalArgumentException("job lastError: length " + lastError.length() + " (expected: 0.." + MAX_ERROR_CHARS + " chars)");
        }
    }

    /** A job that has not failed yet. */
    static JobStatus fresh(ScheduledJob job) {
        return new JobStatus(job, 0, "");
    }
}
