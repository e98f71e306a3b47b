package io.citadel.events;

import java.time.Instant;

/** A delivery that ran out of retries (or failed for good), kept per target until an operator redrives or drops it. */
public record DeadLetter(String key, DeliveryRecord delivery, Instant failedAt, String reason) {
}
