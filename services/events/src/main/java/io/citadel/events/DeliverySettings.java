package io.citadel.events;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the delivery worker runs: retry backoff (first retry after {@code firstRetry}, doubling up to
 * {@code maxRetry}), how long a node's claim on a delivery lasts before another node may take it
 * over (longer than {@code httpTimeout}), batch sizes, parallel sends, and where log targets write.
 */
public record DeliverySettings(Duration firstRetry, Duration maxRetry, Duration claim, Duration httpTimeout, int batch,
                               int parallelSends, Path logDirectory) {

    public static DeliverySettings defaults(Path logDirectory) {
        return new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofSeconds(5),
                200, 32, logDirectory);
    }

    public DeliverySettings {
        if (claim.compareTo(httpTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("delivery claim " + claim + " (expected: at least twice the HTTP timeout " + httpTimeout + ")");
        }
        if (batch < 1 || batch > 1000 || parallelSends < 1) {
            throw new IllegalArgumentException("delivery batch " + batch + " / parallelSends " + parallelSends
                    + " (expected: 1..1000 / at least 1)");
        }
    }

    Duration backoff(int failures) {
        Duration d = firstRetry;
        for (int i = 1; i < failures && d.compareTo(maxRetry) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }
}
