package io.citadel.audit;

import io.citadel.core.Principal;
import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LookupEvents latency for one access key's events among many: loads {@code events} events into a
 * sealed SQLite store (every 10,000th by the probed key, the rest by 16 other users, one simulated
 * second per 1,000 events), then times first-page lookups (50 results) by AccessKeyId and by
 * Username. Not a test; run with
 * {@code java -cp <test classpath> io.citadel.audit.LookupBenchmarkMain [events=1000000] [lookups=1000] [dir]};
 * a directory that already holds a loaded store is reused (no second load). Prints to stderr.
 */
public final class LookupBenchmarkMain {

    private static final Principal PROBE = Principal.user("111122223333", "/", "probe", "AIDAPROBE", "AKIAPROBEPROBEPROBE1");

    private LookupBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("audit-lookup-bench");
        Path keyFile = dir.resolve("bench-root.key");
        byte[] root;
        if (Files.exists(keyFile)) {
            root = Files.readAllBytes(keyFile);
        } else {
            Files.createDirectories(dir);
            root = new byte[RootKey.BYTES];
            new java.security.SecureRandom().nextBytes(root);
            Files.write(keyFile, root);
        }
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        // Blocks stay open (1,000 commits, an hour), so the second round of lookups reads more tail rows than the default 64 allow.
        AuditSettings settings = AuditSettings.defaults().withBlocks(1000, java.time.Duration.ofHours(1));
        try (Barrier sealed = Barrier.open(SqliteStorage.open(dir), new RootKey(root));
             AuditTrail trail = AuditTrail.open(sealed, InstantSource.system(), settings)) {
            if (trail.lookupAll(LookupQuery.all().withMaxResults(1)).events().isEmpty()) {
                load(trail, events, t0);
            }
            time(trail, lookups, "after the load");
            long before = trail.batches();
            load(trail, 20_000, t0.plusSeconds(events / 1000));
            System.err.printf("then %d more group commits, their block still open:%n", trail.batches() - before);
            time(trail, lookups, "with an open block");
        }
    }

    private static void time(AuditTrail trail, int lookups, String when) {
        {
            for (String[] q : List.of(new String[] {"AccessKeyId", PROBE.accessKeyId()}, new String[] {"Username", "probe"})) {
                long[] nanos = new long[lookups];
                int found = 0;
                for (int i = 0; i < lookups; i++) {
                    long start = System.nanoTime();
                    found = trail.lookup("111122223333", "us-east-1", LookupQuery.by(q[0], q[1])).events().size();
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.err.printf("%s: lookup by %s: %d results/page, p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d lookups%n",
                        when, q[0], found, nanos[lookups / 2] / 1e6, nanos[(int) (lookups * 0.99)] / 1e6, nanos[lookups - 1] / 1e6,
                        lookups);
            }
        }
    }

    private static void load(AuditTrail trail, long events, Instant t0) throws Exception {
        List<Principal> others = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            others.add(Principal.user("111122223333", "/", "user" + i, "AIDAUSER" + i, "AKIAUSER" + String.format("%012d", i)));
        }
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 512; t++) {
                done.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < events; ) {
                        Principal p = i % 10_000 == 0 ? PROBE : others.get((int) (i % others.size()));
                        trail.record(Fixtures.getCallerIdentity(p, t0.plusSeconds(i / 1000)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.err.printf("loaded %d events in %.0f s%n", events, (System.nanoTime() - start) / 1e9);
    }
}
