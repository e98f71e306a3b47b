package io.citadel.secrets;

import io.citadel.secrets.rotation.RotationStep;
import java.time.Instant;

/**
 * A rotation in progress: its token (the AWSPENDING version's id), the next step to run, and who
 * holds it. A worker claims the rotation with a fresh {@code claim} in the transaction that removes
 * the rotation's scheduler job, and the same transaction schedules the job again at
 * {@code leaseUntil}: if that node dies, the job fires again and another claim resumes at
 * {@code step}. {@code lastError} is the failed step's message (never a secret value).
 */
public record RotationState(String token, RotationStep step, Status status, String claim, Instant leaseUntil,
                            int attempts, String lastError, Instant startedAt) {

    public enum Status { RUNNING, FAILED }

    RotationState claimed(String newClaim, Instant until) {
        return new RotationState(token, step, Status.RUNNING, newClaim, until, attempts, lastError, startedAt);
    }

    RotationState advanced(RotationStep next, Instant until) {
        return new RotationState(token, next, Status.RUNNING, claim, until, attempts, lastError, startedAt);
    }

    RotationState failed(String error) {
        return new RotationState(token, step, Status.FAILED, null, null, attempts + 1, error, startedAt);
    }
}
