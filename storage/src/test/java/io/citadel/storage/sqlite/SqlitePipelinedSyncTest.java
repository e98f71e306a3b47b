package io.citadel.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.storage.Committed;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits do not sync; the sync thread does, and nobody learns of a commit before its sync: neither
 * the writer's caller nor a reader of what it wrote. A failed sync fails its callers and every later call.
 */
class SqlitePipelinedSyncTest {

    @TempDir
    Path dataDir;

    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final GatedSync sync = new GatedSync();

    @AfterEach
    void stop() {
        sync.openGate();
        pool.shutdownNow();
    }

    /** A log sync the test holds: each call waits for a permit; {@link #failNext} makes the next call throw. */
    static final class GatedSync implements LogSync {
        private final Semaphore entered = new Semaphore(0);
        private final Semaphore permits = new Semaphore(0);
        private final AtomicBoolean failNext = new AtomicBoolean();
        private volatile boolean open;

        @Override
        public void sync() throws IOException {
            entered.release();
            if (!open) {
                permits.acquireUninterruptibly();
            }
            if (failNext.getAndSet(false)) {
                throw new IOException("Input/output error (injected)");
            }
        }

        void awaitEntered(int syncs) throws InterruptedException {
            assertThat(entered.tryAcquire(syncs, 10, TimeUnit.SECONDS)).as("%d sync(s) started", syncs).isTrue();
        }

        void allow(int syncs) {
            permits.release(syncs);
        }

        void openGate() {
            open = true;
            permits.release(1_000);
        }

        void failNext() {
            failNext.set(true);
        }
    }

    private SqliteStorage open(LogSync logSync) {
        return SqliteStorage.open(dataDir, Storage.DEFAULT_MAX_VALUE_BYTES, 4, file -> logSync);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertStillWaiting(CompletableFuture<?> f) throws Exception {
        // a correct store never completes it while the sync is held; a store that answered early fails here
        assertThatThrownBy(() -> f.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aWrite_returnsOnlyAfterTheSyncThatCoversIt_andTheWriterCommitsTheNextBatchMeanwhile() throws Exception {
        try (SqliteStorage storage = open(sync)) {
            CompletableFuture<Void> put = CompletableFuture.runAsync(() -> storage.put("acct/a", bytes("1")), pool);
            sync.awaitEntered(1); // the put has committed and its sync is held
            assertStillWaiting(put);

            // the writer does not wait for the disk: the next transaction commits while that sync is still held
            Committed<String> next = storage.pipelinedTransaction(tx -> {
                assertThat(tx.get("acct/a")).isPresent(); // committed, visible to later transactions
                tx.put("acct/b", bytes("2"));
                return "b";
            });
            assertThat(next.result()).isEqualTo("b");
            assertThat(next.durable()).isNotDone();

            // a read is not answered with what is not durable yet, a read of anything else is
            CompletableFuture<Optional<byte[]>> readA = CompletableFuture.supplyAsync(() -> storage.get("acct/a"), pool);
            CompletableFuture<ScanPage> scan = CompletableFuture.supplyAsync(() -> storage.scan("acct/", null, 10), pool);
            assertThat(storage.get("other/x")).isEmpty();
            assertThat(storage.scan("other/", null, 10).entries()).isEmpty();
            assertStillWaiting(readA);
            assertStillWaiting(put);

            sync.allow(1); // the first sync returns: it covers the put, not the later commit
            put.get(10, TimeUnit.SECONDS);
            assertThat(readA.get(10, TimeUnit.SECONDS)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
            sync.awaitEntered(1); // the sync of the second commit
            assertThat(next.durable()).isNotDone();
            assertStillWaiting(scan); // it saw acct/b

            sync.allow(1);
            next.durable().get(10, TimeUnit.SECONDS);
            assertThat(scan.get(10, TimeUnit.SECONDS).entries()).hasSize(2);
            sync.openGate();
        }
    }

    @Test
    void aFailedWork_isAnsweredAfterTheSyncToo_sinceItsOutcomeRestsOnWhatItRead() throws Exception {
        try (SqliteStorage storage = open(sync)) {
            CompletableFuture<Void> put = CompletableFuture.runAsync(() -> storage.put("acct/a", bytes("1")), pool);
            sync.awaitEntered(1);
            CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> storage.transaction(tx -> {
                if (tx.get("acct/a").isPresent()) {
                    throw new IllegalStateException("acct/a exists");
                }
                return null;
            }), pool);
            assertStillWaiting(refused);
            sync.openGate();
            put.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("acct/a exists");
        }
    }

    @Test
    void aFailedSync_failsItsCallers_andEveryLaterCall_andTheReopenedStoreIsConsistent() throws Exception {
        sync.openGate();
        try (SqliteStorage storage = open(sync)) {
            storage.put("acct/a", bytes("1"));
            sync.failNext();
            assertThatThrownBy(() -> storage.put("acct/b", bytes("2"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot sync the write-ahead log");
            // fail-closed: after a failed sync nothing is acknowledged, read or written, until the store is reopened
            assertThatThrownBy(() -> storage.put("acct/c", bytes("3"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot sync the write-ahead log");
            assertThatThrownBy(() -> storage.pipelinedTransaction(tx -> tx.delete("acct/a")))
                    .isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> storage.get("acct/a")).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> storage.scan("acct/", null, 10)).isInstanceOf(StorageException.class);
        }

        try (SqliteStorage reopened = SqliteStorage.open(dataDir)) {
            assertThat(reopened.get("acct/a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
            assertThat(reopened.get("acct/c")).as("refused after the failure: never committed").isEmpty();
            reopened.put("acct/d", bytes("4"));
            assertThat(reopened.get("acct/d")).isPresent();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStorage.FILE_NAME));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    @Test
    void theRealSync_keepsEveryReturnedWrite_acrossReopen() {
        try (SqliteStorage storage = SqliteStorage.open(dataDir)) {
            for (int i = 0; i < 50; i++) {
                storage.put("acct/k" + i, bytes("v" + i));
            }
            Committed<Void> last = storage.pipelinedTransaction(tx -> {
                tx.put("acct/last", bytes("x"));
                return null;
            });
            last.durable().join();
        }
        try (SqliteStorage reopened = SqliteStorage.open(dataDir)) {
            assertThat(reopened.scan("acct/", null, 100).entries()).hasSize(51);
        }
    }
}
