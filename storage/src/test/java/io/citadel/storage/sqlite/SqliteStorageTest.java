package io.citadel.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.storage.Storage;
import io.citadel.storage.StorageContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {

    @TempDir
    Path tempDir;

    private Path dataDir() {
        return tempDir.resolve("data");
    }

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDir());
    }

    @Test
    void reopen_keepsCommittedData() {
        storage.put("acct/a", bytes("durable"));
        storage.transaction(tx -> {
            tx.put("acct/b", bytes("also"));
            return null;
        });
        storage.close();

        storage = SqliteStorage.open(dataDir());

        assertThat(storage.get("acct/a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("durable")));
        assertThat(storage.get("acct/b")).isPresent();
    }

    @Test
    void theCheckpointer_copiesTheLogIntoTheDatabase_withoutAnyCommitDoingIt() throws Exception {
        // 600 rows of 4 KB: about 2.4 MB of log, below the writer's own checkpoint threshold, so only the
        // background checkpointer can move them into the database file
        byte[] value = new byte[4096];
        for (int i = 0; i < 600; i++) {
            value[0] = (byte) i;
            storage.put("acct/row-" + i, value.clone());
        }
        Path db = dataDir().resolve(SqliteStorage.FILE_NAME);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(db) < 2_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(SqliteStorage.CHECKPOINT_MILLIS);
        }
        assertThat(Files.size(db)).as("database file after background checkpoints").isGreaterThan(2_000_000);
        assertThat(storage.get("acct/row-599")).hasValueSatisfying(v -> assertThat(v[0]).isEqualTo((byte) 599));
    }

    @Test
    void open_createsDataDirectoryPrivateAndDatabaseInWalMode() throws Exception {
        storage.put("acct/a", bytes("v"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir()))).isEqualTo("rwx------");
        assertThat(dataDir().resolve(SqliteStorage.FILE_NAME)).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir().resolve(SqliteStorage.FILE_NAME));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void twoStoragesOnOneFile_serializeTheirTransactions() throws Exception {
        try (SqliteStorage second = SqliteStorage.open(dataDir())) {
            storage.put("acct/n", bytes("0"));
            Thread other = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    second.transaction(tx -> {
                        int n = Integer.parseInt(new String(tx.get("acct/n").orElseThrow()));
                        tx.put("acct/n", bytes(Integer.toString(n + 1)));
                        return null;
                    });
                }
            });
            for (int i = 0; i < 50; i++) {
                storage.transaction(tx -> {
                    int n = Integer.parseInt(new String(tx.get("acct/n").orElseThrow()));
                    tx.put("acct/n", bytes(Integer.toString(n + 1)));
                    return null;
                });
            }
            other.join();
        }

        assertThat(new String(storage.get("acct/n").orElseThrow())).isEqualTo("100");
    }

    @Test
    void concurrentTransactions_shareCommits_andAFailingOneRollsBackAlone() throws Exception {
        int threads = 32;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        int round = i;
                        try {
                            storage.transaction(tx -> {
                                tx.put("acct/t" + n + "/" + round, bytes("v"));
                                tx.put("acct/counter/" + n, bytes(Integer.toString(round)));
                                if (n % 4 == 0 && round % 5 == 0) {
                                    throw new IllegalStateException("refused " + n + "/" + round);
                                }
                                return null;
                            });
                        } catch (IllegalStateException e) {
                            if (!e.getMessage().equals("refused " + n + "/" + round)) {
                                return "wrong exception: " + e.getMessage();
                            }
                        }
                    }
                    return "ok";
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<String> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("ok");
            }
        } finally {
            pool.shutdownNow();
        }
        storage.close();
        storage = SqliteStorage.open(dataDir());
        for (int n = 0; n < threads; n++) {
            for (int i = 0; i < 20; i++) {
                boolean refused = n % 4 == 0 && i % 5 == 0;
                assertThat(storage.get("acct/t" + n + "/" + i)).as("t%d/%d", n, i).matches(v -> v.isPresent() != refused);
            }
            assertThat(storage.get("acct/counter/" + n)).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("19"));
        }
    }

    @Test
    void aTransactionInsideATransaction_isRefused_andTheOuterOneRollsBack() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.put("acct/outer", bytes("v"));
            return storage.transaction(inner -> null);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a transaction");
        assertThat(storage.get("acct/outer")).isEmpty();
    }
}
