package io.citadel.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Storage;
import io.citadel.storage.postgres.PostgresStorage;
import io.citadel.storage.postgres.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PostgresSchedulerTest extends DurableSchedulerContract {

    private final String table = PostgresTestDatabase.uniqueTable();

    /** Opens the same table each time, so reopening is a restart and a second open is a second node. */
    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(PostgresTestDatabase.URL, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD, table);
    }

    @Override
    protected void cleanUp() {
        PostgresTestDatabase.dropTable(table);
    }

    @Test
    void twoNodesRacingRunDue_runEachJobExactlyOnce() throws Exception {
        int jobs = 150;
        for (int i = 0; i < jobs; i++) {
            scheduler.schedule(new ScheduledJob(KIND, "123456789012/us-east-1/key-" + i, T0.plusMillis(i % 7)));
        }
        clock.advance(Duration.ofSeconds(1));
        AtomicInteger handlerCalls = new AtomicInteger();
        try (Storage second = openStorage(); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            StorageScheduler nodeA = scheduler;
            StorageScheduler nodeB = new StorageScheduler(second, clock, "node-b");
            for (StorageScheduler node : List.of(nodeA, nodeB)) {
                node.register(KIND, (tx, job) -> {
                    handlerCalls.incrementAndGet();
                    increment(tx, effectKey(job.id()));
                    increment(tx, "acct/effects");
                    return null;
                });
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (StorageScheduler node : List.of(nodeA, nodeB, nodeA, nodeB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    int ran = 0;
                    while (!storage.scan(ScheduleKeys.JOBS, null, 1).entries().isEmpty()) {
                        ran += node.runDue();
                    }
                    return ran;
                }));
            }
            start.countDown();
            int ran = 0;
            for (Future<Integer> run : runs) {
                ran += run.get();
            }

            assertThat(ran).isEqualTo(jobs);
        }

        assertThat(counter("acct/effects")).isEqualTo(jobs);
        for (int i = 0; i < jobs; i++) {
            assertThat(counter(effectKey("123456789012/us-east-1/key-" + i))).as("job " + i).isEqualTo(1);
        }
        assertThat(handlerCalls.get()).isGreaterThanOrEqualTo(jobs);
        assertThat(schedulerKeys()).isEmpty();
    }
}
