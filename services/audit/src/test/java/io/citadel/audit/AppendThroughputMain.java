package io.citadel.audit;

import io.citadel.core.Principal;
import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the appender alone: events/s into SQLite (sealed, group commit) from concurrent virtual
 * threads recording STS GetCallerIdentity events. Not a test; run with
 * {@code java -cp <test classpath> io.citadel.audit.AppendThroughputMain [threads=64] [seconds=10] [distinct users=4] [dir]}.
 * Prints one result line to stderr.
 */
public final class AppendThroughputMain {

    private AppendThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int distinctUsers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("audit-bench");
        byte[] root = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(root);
        try (Barrier sealed = Barrier.open(SqliteStorage.open(dir), new RootKey(root));
             AuditTrail trail = AuditTrail.open(sealed, InstantSource.system(), AuditSettings.defaults())) {
            List<Principal> users = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int u = i % distinctUsers;
                users.add(Principal.user("111122223333", "/", "user" + u, "AIDAUSER" + u, "AKIAUSER" + String.format("%012d", u)));
            }
            runFor(trail, users, 2); // warm-up
            long batchesBefore = trail.batches();
            long writerCpuBefore = writerCpuNanos();
            long start = System.nanoTime();
            long events = runFor(trail, users, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long batches = trail.batches() - batchesBefore;
            double writerCpuMicros = (writerCpuNanos() - writerCpuBefore) / 1e3;
            System.err.printf("append: %d threads, %d users, %d events in %.1f s = %.0f events/s, %d batches (%.0f events/batch),"
                            + " writer thread CPU %.1f us/event, %.0f us/batch%n",
                    threads, distinctUsers, events, elapsed, events / elapsed, batches, (double) events / batches,
                    writerCpuMicros / events, writerCpuMicros / batches);
        }
    }

    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo info : mx.dumpAllThreads(false, false)) {
            if (info.getThreadName().equals("audit-writer")) {
                return mx.getThreadCpuTime(info.getThreadId());
            }
        }
        return 0;
    }

    private static long runFor(AuditTrail trail, List<Principal> users, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (Principal p : users) {
                done.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        trail.record(Fixtures.getCallerIdentity(p, Instant.now()));
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get();
            }
            return total;
        }
    }
}
