package io.citadel.events;

import java.time.Duration;

/** What one delivery attempt came to. Messages name the status or the I/O failure, never a secret or the payload. */
sealed interface Outcome {

    record Delivered() implements Outcome {
    }

    /** Failed in a way a later attempt may fix (connection refused, 429, 5xx, ...): counts as an attempt. */
    record Retry(String reason) implements Outcome {
    }

    /** Held back by the destination's rate limit: tried again after {@code delay}, not counted as an attempt. */
    record Throttled(Duration delay) implements Outcome {
    }

    /** Failed for good (a 4xx other than 401, 407, 409 and 429, a missing destination): straight to dead letters. */
    record Failed(String reason) implements Outcome {
    }
}
