package io.citadel.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link StorageScheduler} on every backend. Each backend's test extends this class
 * and says how to open a fresh, empty store.
 */
abstract class SchedulerContract {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String KIND = "test.job";

    protected Storage storage;
    protected final MutableClock clock = new MutableClock(T0);
    protected StorageScheduler scheduler;

    /** A new, empty store. */
    protected abstract Storage openStorage();

    /** Runs after the store is closed; backends drop what they created. */
    protected void cleanUp() {
    }

    @BeforeEach
    void openFreshStorage() {
        storage = openStorage();
        scheduler = new StorageScheduler(storage, clock, "node-a");
    }

    @AfterEach
    void closeStorage() {
        try {
            storage.close();
        } finally {
            cleanUp();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Adds one to the counter at {@code key} inside {@code tx}: a handler's effect, visible only if it commits. */
    static void increment(Transaction tx, String key) {
        long n = tx.get(key).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
        tx.put(key, ByteBuffer.allocate(8).putLong(n + 1).array());
    }

    long counter(String key) {
        return storage.get(key).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
    }

    static String effectKey(String id) {
        return "acct/effect/" + id;
    }

    /** Registers a handler on {@link #KIND} that counts its effect per job id. */
    AtomicInteger registerCounting() {
        AtomicInteger calls = new AtomicInteger();
        scheduler.register(KIND, (tx, job) -> {
            calls.incrementAndGet();
            increment(tx, effectKey(job.id()));
            return null;
        });
        return calls;
    }

    List<String> schedulerKeys() {
        return storage.scan(ScheduleKeys.ROOT, null, 1000).entries().stream().map(Entry::key).toList();
    }

    // ---- schedule / replace / cancel / find

    @Test
    void schedule_thenFind_returnsJob() {
        ScheduledJob job = new ScheduledJob(KIND, "123456789012/us-east-1/key-1", T0.plus(Duration.ofDays(7)), bytes("payload"));

        scheduler.schedule(job);

        assertThat(scheduler.find(KIND, "123456789012/us-east-1/key-1")).contains(job);
        assertThat(scheduler.status(KIND, "123456789012/us-east-1/key-1"))
                .hasValueSatisfying(s -> assertThat(s).isEqualTo(new JobStatus(job, 0, "")));
    }

    @Test
    void find_missingJob_isEmpty() {
        assertThat(scheduler.find(KIND, "missing")).isEmpty();
        assertThat(scheduler.status(KIND, "missing")).isEmpty();
    }

    @Test
    void schedule_sameKindAndId_replacesJobAndItsDueRow() {
        AtomicInteger calls = registerCounting();
        scheduler.schedule(new ScheduledJob(KIND, "k", T0.plusSeconds(60), bytes("first")));
        ScheduledJob second = new ScheduledJob(KIND, "k", T0.plusSeconds(120), bytes("second"));

        scheduler.schedule(second);

        assertThat(scheduler.find(KIND, "k")).contains(second);
        assertThat(storage.scan(ScheduleKeys.duePrefix(KIND), null, 10).entries()).hasSize(1);
        clock.advance(Duration.ofSeconds(60));
        assertThat(scheduler.runDue()).isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void cancel_pendingJob_removesItAndItsDueRow() {
        AtomicInteger calls = registerCounting();
        scheduler.schedule(new ScheduledJob(KIND, "k", T0.plusSeconds(60)));

        assertThat(scheduler.cancel(KIND, "k")).isTrue();
        assertThat(scheduler.cancel(KIND, "k")).isFalse();

        assertThat(scheduler.find(KIND, "k")).isEmpty();
        assertThat(schedulerKeys()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.runDue()).isZero();
        assertThat(calls).hasValue(0);
    }

    @Test
    void cancel_missingJob_returnsFalse() {
        assertThat(scheduler.cancel(KIND, "missing")).isFalse();
    }

    @Test
    void idsWithSlashesAndUnicode_stayDistinct() {
        List<String> ids = List.of("a", "a/b", "a/b/c", "a b", "a%_\\", "ключ", "😀", "a0");
        AtomicInteger calls = registerCounting();
        for (String id : ids) {
            scheduler.schedule(new ScheduledJob(KIND, id, T0, bytes(id)));
        }

        assertThat(scheduler.cancel(KIND, "a")).isTrue();

        assertThat(scheduler.find(KIND, "a/b")).hasValueSatisfying(j -> assertThat(j.payload()).isEqualTo(bytes("a/b")));
        assertThat(scheduler.runDue()).isEqualTo(ids.size() - 1);
        assertThat(calls).hasValue(ids.size() - 1);
        for (String id : ids) {
            assertThat(counter(effectKey(id))).as(id).isEqualTo(id.equals("a") ? 0 : 1);
        }
        assertThat(schedulerKeys()).isEmpty();
    }

    @Test
    void register_sameKindTwice_isRejected() {
        scheduler.register(KIND, (tx, job) -> null);

        assertThatThrownBy(() -> scheduler.register(KIND, (tx, job) -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("job handler for kind 'test.job': already registered (expected: at most one per kind)");
    }

    // ---- running

    @Test
    void runDue_beforeDueTime_runsNothing() {
        AtomicInteger calls = registerCounting();
        scheduler.schedule(new ScheduledJob(KIND, "k", T0.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(60).minusMillis(1));

        assertThat(scheduler.runDue()).isZero();

        assertThat(calls).hasValue(0);
        assertThat(scheduler.find(KIND, "k")).isPresent();
    }

    @Test
    void runDue_atDueTime_runsOnceAndJobIsGone() {
        AtomicInteger calls = registerCounting();
        scheduler.schedule(new ScheduledJob(KIND, "k", T0.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(60));

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(scheduler.runDue()).isZero();

        assertThat(calls).hasValue(1);
        assertThat(counter(effectKey("k"))).isEqualTo(1);
        assertThat(scheduler.find(KIND, "k")).isEmpty();
        assertThat(schedulerKeys()).isEmpty();
    }

    @Test
    void runDue_passesPayloadToHandler() {
        List<ScheduledJob> seen = new ArrayList<>();
        scheduler.register(KIND, (tx, job) -> {
            seen.add(job);
            return null;
        });
        ScheduledJob job = new ScheduledJob(KIND, "k", T0, new byte[] {0, 1, (byte) 0xff});
        scheduler.schedule(job);

        scheduler.runDue();

        assertThat(seen).containsExactly(job);
    }

    @Test
    void runDue_runsInDueOrderAcrossKinds() {
        List<String> order = new ArrayList<>();
        scheduler.register("a.kind", (tx, job) -> {
            order.add(job.id());
            return null;
        });
        scheduler.register("b.kind", (tx, job) -> {
            order.add(job.id());
            return null;
        });
        scheduler.schedule(new ScheduledJob("a.kind", "third", T0.plusMillis(10)));
        scheduler.schedule(new ScheduledJob("b.kind", "second", T0.plusMillis(9)));
        scheduler.schedule(new ScheduledJob("a.kind", "first", T0.minusSeconds(3600)));
        scheduler.schedule(new ScheduledJob("b.kind", "fourth", T0.plusSeconds(1)));
        scheduler.schedule(new ScheduledJob("b.kind", "later", T0.plusSeconds(2)));
        clock.advance(Duration.ofSeconds(1));

        assertThat(scheduler.runDue()).isEqualTo(4);

        assertThat(order).containsExactly("first", "second", "third", "fourth");
        assertThat(scheduler.find("b.kind", "later")).isPresent();
    }

    @Test
    void runDue_moreDueThanBatch_runsOneBatchPerCall() {
        StorageScheduler small = new StorageScheduler(storage, clock, "node-a", 3);
        List<String> order = new ArrayList<>();
        small.register(KIND, (tx, job) -> {
            order.add(job.id());
            return null;
        });
        for (int i = 4; i >= 0; i--) {
            small.schedule(new ScheduledJob(KIND, "job-" + i, T0.plusMillis(i)));
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(small.runDue()).isEqualTo(3);
        assertThat(order).containsExactly("job-0", "job-1", "job-2");
        assertThat(small.runDue()).isEqualTo(2);
        assertThat(small.runDue()).isZero();
        assertThat(order).containsExactly("job-0", "job-1", "job-2", "job-3", "job-4");
    }

    @Test
    void runDue_unknownKind_isSkippedNotDeleted() {
        registerCounting();
        scheduler.schedule(new ScheduledJob(KIND, "known", T0));
        scheduler.schedule(new ScheduledJob(KIND + ".other", "unknown", T0));
        scheduler.schedule(new ScheduledJob("other", "unknown", T0));

        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(scheduler.find(KIND + ".other", "unknown")).isPresent();
        assertThat(scheduler.find("other", "unknown")).isPresent();
        StorageScheduler nodeB = new StorageScheduler(storage, clock, "node-b");
        nodeB.register("other", (tx, job) -> null);
        assertThat(nodeB.runDue()).isEqualTo(1);
        assertThat(scheduler.find("other", "unknown")).isEmpty();
        assertThat(scheduler.find(KIND + ".other", "unknown")).isPresent();
    }

    @Test
    void runDue_handlerReturnsFollowUp_schedulesItAtomically() {
        AtomicInteger calls = new AtomicInteger();
        scheduler.register(KIND, (tx, job) -> {
            calls.incrementAndGet();
            increment(tx, effectKey(job.id()));
            return new ScheduledJob(job.kind(), job.id(), job.dueAt().plus(Duration.ofDays(365)), bytes("next"));
        });
        scheduler.schedule(new ScheduledJob(KIND, "rotate", T0, bytes("first")));

        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(scheduler.find(KIND, "rotate"))
                .contains(new ScheduledJob(KIND, "rotate", T0.plus(Duration.ofDays(365)), bytes("next")));
        assertThat(storage.scan(ScheduleKeys.duePrefix(KIND), null, 10).entries()).hasSize(1);
        clock.advance(Duration.ofDays(365));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(calls).hasValue(2);
        assertThat(counter(effectKey("rotate"))).isEqualTo(2);
    }

    @Test
    void runDue_followUpAlreadyDue_runsOnNextCallOnly() {
        AtomicInteger calls = new AtomicInteger();
        scheduler.register(KIND, (tx, job) -> {
            calls.incrementAndGet();
            return job.withDueAt(T0);
        });
        scheduler.schedule(new ScheduledJob(KIND, "again", T0));

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(calls).hasValue(2);
        assertThat(scheduler.find(KIND, "again")).isPresent();
    }

    @Test
    void runDue_handlerReschedulesItsOwnJob_keepsIt() {
        scheduler.register(KIND, (tx, job) -> {
            StorageScheduler.schedule(tx, job.withDueAt(T0.plusSeconds(3600)));
            return null;
        });
        scheduler.schedule(new ScheduledJob(KIND, "self", T0));

        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(scheduler.find(KIND, "self")).hasValueSatisfying(j -> assertThat(j.dueAt()).isEqualTo(T0.plusSeconds(3600)));
    }

    @Test
    void runDue_handlerThrows_rollsBackItsWritesAndRecordsAttempt() {
        scheduler.register(KIND, (tx, job) -> {
            tx.put("acct/written", bytes("half done"));
            StorageScheduler.schedule(tx, new ScheduledJob("other", "follow", T0));
            throw new IllegalStateException("boom\nsecond line");
        });
        scheduler.schedule(new ScheduledJob(KIND, "k", T0, bytes("p")));

        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(storage.get("acct/written")).isEmpty();
        assertThat(scheduler.find("other", "follow")).isEmpty();
        assertThat(scheduler.status(KIND, "k")).hasValueSatisfying(s -> {
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastError()).isEqualTo("node-a: java.lang.IllegalStateException: boom second line");
            assertThat(s.job()).isEqualTo(new ScheduledJob(KIND, "k", T0.plusSeconds(30), bytes("p")));
        });
    }

    @Test
    void runDue_failingJob_isRetriedWithDoublingBackoffCappedAtOneHour() {
        AtomicInteger calls = new AtomicInteger();
        int[] failuresLeft = {10};
        scheduler.register(KIND, (tx, job) -> {
            calls.incrementAndGet();
            if (failuresLeft[0]-- > 0) {
                throw new IllegalStateException("attempt " + calls.get());
            }
            increment(tx, effectKey(job.id()));
            return null;
        });
        scheduler.schedule(new ScheduledJob(KIND, "k", T0));
        long[] expectedDelays = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};

        for (int attempt = 1; attempt <= expectedDelays.length; attempt++) {
            assertThat(scheduler.runDue()).isEqualTo(1);
            Duration delay = Duration.ofSeconds(expectedDelays[attempt - 1]);
            JobStatus status = scheduler.status(KIND, "k").orElseThrow();
            assertThat(status.attempts()).isEqualTo(attempt);
            assertThat(status.lastError()).isEqualTo("node-a: java.lang.IllegalStateException: attempt " + attempt);
            assertThat(status.job().dueAt()).isEqualTo(clock.instant().plus(delay));
            clock.advance(delay.minusMillis(1));
            assertThat(scheduler.runDue()).isZero();
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(calls).hasValue(11);
        assertThat(counter(effectKey("k"))).isEqualTo(1);
        assertThat(scheduler.find(KIND, "k")).isEmpty();
        assertThat(schedulerKeys()).isEmpty();
    }

    @Test
    void schedule_replacingFailedJob_resetsAttempts() {
        scheduler.register(KIND, (tx, job) -> {
            throw new IllegalStateException("boom");
        });
        scheduler.schedule(new ScheduledJob(KIND, "k", T0));
        scheduler.runDue();

        scheduler.schedule(new ScheduledJob(KIND, "k", T0.plusSeconds(5)));

        assertThat(scheduler.status(KIND, "k")).hasValueSatisfying(s -> {
            assertThat(s.attempts()).isZero();
            assertThat(s.lastError()).isEmpty();
        });
        assertThat(storage.scan(ScheduleKeys.duePrefix(KIND), null, 10).entries()).hasSize(1);
    }

    @Test
    void cancel_failedJob_removesItAndItsMovedDueRow() {
        scheduler.register(KIND, (tx, job) -> {
            throw new IllegalStateException("boom");
        });
        scheduler.schedule(new ScheduledJob(KIND, "k", T0));
        scheduler.runDue();

        assertThat(scheduler.cancel(KIND, "k")).isTrue();

        assertThat(schedulerKeys()).isEmpty();
    }

    // ---- transactional variants

    @Test
    void schedule_inTransaction_commitsWithTheServiceState() {
        storage.transaction(tx -> {
            tx.put("acct/key-1", bytes("PendingDeletion"));
            StorageScheduler.schedule(tx, new ScheduledJob(KIND, "key-1", T0.plus(Duration.ofDays(7))));
            assertThat(StorageScheduler.status(tx, KIND, "key-1")).isPresent();
            return null;
        });

        assertThat(storage.get("acct/key-1")).isPresent();
        assertThat(scheduler.find(KIND, "key-1")).isPresent();
    }

    @Test
    void schedule_inRolledBackTransaction_leavesNoJob() {
        assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.put("acct/key-1", bytes("PendingDeletion"));
            StorageScheduler.schedule(tx, new ScheduledJob(KIND, "key-1", T0));
            throw new IllegalStateException("abort");
        })).hasMessage("abort");

        assertThat(scheduler.find(KIND, "key-1")).isEmpty();
        assertThat(storage.get("acct/key-1")).isEmpty();
        assertThat(schedulerKeys()).isEmpty();
    }

    @Test
    void cancel_inRolledBackTransaction_keepsJob() {
        scheduler.schedule(new ScheduledJob(KIND, "key-1", T0));

        assertThatThrownBy(() -> storage.transaction(tx -> {
            assertThat(StorageScheduler.cancel(tx, KIND, "key-1")).isTrue();
            assertThat(StorageScheduler.status(tx, KIND, "key-1")).isEmpty();
            throw new IllegalStateException("abort");
        })).hasMessage("abort");

        assertThat(scheduler.find(KIND, "key-1")).isPresent();
        assertThat(storage.scan(ScheduleKeys.duePrefix(KIND), null, 10).entries()).hasSize(1);
    }
}
