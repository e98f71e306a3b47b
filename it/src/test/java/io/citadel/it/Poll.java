package io.citadel.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true by itself (a cache expiring on another node), up to a deadline. */
final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {
    }

    /** Checks {@code condition} until it holds; fails the test with {@code what} when {@code timeout} passes first. */
    static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
