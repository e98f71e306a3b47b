package io.citadel.it;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock plus an offset a test can move forward, so time travel needs no sleeping. */
final class MutableClock implements InstantSource {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }
}
