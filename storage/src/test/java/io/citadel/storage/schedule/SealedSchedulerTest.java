package io.citadel.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.Markers;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The scheduler through the barrier, as the server runs it: job records are sealed like any service value. */
class SealedSchedulerTest extends SchedulerContract {

    private final InMemoryStorage raw = new InMemoryStorage();

    @Override
    protected Storage openStorage() {
        byte[] key = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(key);
        return Barrier.open(raw, new RootKey(key));
    }

    @Test
    void jobRecord_isSealedInTheRawStore() {
        String marker = Markers.generate(1).getFirst();
        scheduler.schedule(new ScheduledJob(KIND, "k", T0, marker.getBytes(StandardCharsets.UTF_8)));

        byte[] stored = raw.get(ScheduleKeys.job(KIND, "k")).orElseThrow();

        assertThat(Markers.foundIn(stored, java.util.List.of(marker))).isEmpty();
        assertThat(stored[0]).isEqualTo(Barrier.VALUE_FORMAT);
    }
}
