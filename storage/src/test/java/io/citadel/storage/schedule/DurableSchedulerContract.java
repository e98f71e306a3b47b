package io.citadel.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.schedule.ScheduledJob;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract plus what only a durable backend can show: jobs outlive the process that scheduled them. */
abstract class DurableSchedulerContract extends SchedulerContract {

    @Test
    void runDue_afterRestart_runsPendingJob() {
        scheduler.schedule(new ScheduledJob(KIND, "123456789012/us-east-1/key-1", T0.plus(Duration.ofDays(7)), bytes("p")));
        storage.close();

        storage = openStorage();
        scheduler = new StorageScheduler(storage, clock, "node-a");
        AtomicInteger calls = registerCounting();
        clock.advance(Duration.ofDays(7));

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(calls).hasValue(1);
        assertThat(counter(effectKey("123456789012/us-east-1/key-1"))).isEqualTo(1);
        assertThat(scheduler.find(KIND, "123456789012/us-east-1/key-1")).isEmpty();
    }

    @Test
    void failedAttempts_surviveRestart() {
        scheduler.register(KIND, (tx, job) -> {
            throw new IllegalStateException("boom");
        });
        scheduler.schedule(new ScheduledJob(KIND, "k", T0));
        scheduler.runDue();
        storage.close();

        storage = openStorage();
        scheduler = new StorageScheduler(storage, clock, "node-b");

        assertThat(scheduler.status(KIND, "k")).hasValueSatisfying(s -> {
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastError()).isEqualTo("node-a: java.lang.IllegalStateException: boom");
            assertThat(s.job().dueAt()).isEqualTo(T0.plusSeconds(30));
        });
    }
}
