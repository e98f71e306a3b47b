package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.audit.AuditUnavailableException;
import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import io.citadel.storage.sqlite.LogSync;
import io.citadel.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite the audit writer commits without waiting for the disk; a caller still returns only once its
 * record is durable, and a record whose sync fails fails its call (fail-closed), leaving a chain that verifies.
 */
class AuditDurabilityTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final HeldSync sync = new HeldSync();
    private final byte[] rootKey = new byte[RootKey.BYTES];

    AuditDurabilityTest() {
        new SecureRandom().nextBytes(rootKey);
    }

    @AfterEach
    void stop() {
        sync.release();
        pool.shutdownNow();
    }

    /** Passes syncs through until {@link #hold}; then every sync waits for {@link #release}; {@link #failNext} throws once. */
    static final class HeldSync implements LogSync {
        private final Object lock = new Object();
        private boolean held;
        private final AtomicBoolean failNext = new AtomicBoolean();

        @Override
        public void sync() throws IOException {
            synchronized (lock) {
                while (held) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted", e);
                    }
                }
            }
            if (failNext.getAndSet(false)) {
                throw new IOException("Input/output error (injected)");
            }
        }

        void hold() {
            synchronized (lock) {
                held = true;
            }
        }

        void release() {
            synchronized (lock) {
                held = false;
                lock.notifyAll();
            }
        }

        void failNext() {
            failNext.set(true);
        }
    }

    private Storage sealed(SqliteStorage raw) {
        return Barrier.open(raw, new RootKey(rootKey.clone()));
    }

    /** Log chunk rows in the database file, seen through a connection of its own (the storage would wait for the sync). */
    private long logRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStorage.FILE_NAME));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM kv WHERE k >= '" + AuditKeys.LOG + "' AND k < '"
                     + AuditKeys.LOG.substring(0, AuditKeys.LOG.length() - 1) + "0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRecord_returnsOnlyOnceItsCommitIsSynced() throws Exception {
        try (SqliteStorage raw = SqliteStorage.open(dataDir, Storage.DEFAULT_MAX_VALUE_BYTES, 4, file -> sync);
             Storage storage = sealed(raw);
             AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            long before = logRows();
            sync.hold();
            CompletableFuture<Void> recorded = CompletableFuture.runAsync(
                    () -> trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0)), pool);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (logRows() == before && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(logRows()).as("the record's chunk is committed").isGreaterThan(before);
            assertThatThrownBy(() -> recorded.get(200, TimeUnit.MILLISECONDS))
                    .as("committed but not synced: not acknowledged").isInstanceOf(TimeoutException.class);
            sync.release();
            recorded.get(10, TimeUnit.SECONDS);
            assertThat(trail.lookupAll(LookupQuery.all()).events()).hasSize(1);
        }
    }

    @Test
    void aFailedSync_failsTheCall_andTheReopenedTrailVerifies() throws Exception {
        try (SqliteStorage raw = SqliteStorage.open(dataDir, Storage.DEFAULT_MAX_VALUE_BYTES, 4, file -> sync);
             Storage storage = sealed(raw);
             AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
            trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0));
            sync.failNext();
            assertThatThrownBy(() -> trail.record(Fixtures.getCallerIdentity(Fixtures.BOB, T0)))
                    .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("could not be made durable");
            assertThatThrownBy(() -> trail.record(Fixtures.getCallerIdentity(Fixtures.ROOT, T0)))
                    .as("and every later call, until the storage is reopened").isInstanceOf(AuditUnavailableException.class);
        }
        try (SqliteStorage raw = SqliteStorage.open(dataDir); Storage storage = sealed(raw)) {
            VerificationResult verified = AuditVerifier.verify(storage, raw, null);
            assertThat(verified.ok()).as(verified.summary()).isTrue();
            try (AuditTrail trail = AuditTrail.open(storage, clock, AuditSettings.defaults())) {
                assertThat(trail.lookupAll(LookupQuery.by("Username", "alice")).events()).hasSize(1);
                assertThat(trail.lookupAll(LookupQuery.by("Username", "root")).events()).as("refused, never written").isEmpty();
                trail.record(Fixtures.getCallerIdentity(Fixtures.ROOT, T0.plusSeconds(1)));
            }
            assertThat(AuditVerifier.verify(storage, raw, null).ok()).isTrue();
        }
    }
}
