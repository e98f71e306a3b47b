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

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private long sqlCount(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir().resolve(SqliteStorage.FILE_NAME));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRowLargerThanACell_livesInKvBig_andReadsBackThroughGetScanAndTransactions() throws Exception {
        String key = "acct/big";
        int inlineMax = SqliteStorage.INLINE_MAX_BYTES - key.length();
        storage.put("acct/edge", filled(SqliteStorage.INLINE_MAX_BYTES - "acct/edge".length(), 1));
        storage.put(key, filled(inlineMax + 1, 2));
        storage.put("acct/huge", filled(300_000, 3));

        assertThat(sqlCount("SELECT count(*) FROM kv WHERE big IS NULL AND k = 'acct/edge'")).as("at the limit: inline").isEqualTo(1);
        assertThat(sqlCount("SELECT count(*) FROM kv WHERE big IS NOT NULL AND length(v) = 0")).as("kv rows pointing to kv_big").isEqualTo(2);
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isEqualTo(2);
        assertThat(storage.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(filled(inlineMax + 1, 2)));
        assertThat(storage.get("acct/huge")).hasValueSatisfying(v -> assertThat(v).isEqualTo(filled(300_000, 3)));
        var page = storage.scan("acct/", null, 10);
        assertThat(page.entries()).extracting(io.citadel.storage.Entry::key).containsExactly("acct/big", "acct/edge", "acct/huge");
        assertThat(page.entries().get(0).value()).isEqualTo(filled(inlineMax + 1, 2));
        assertThat(page.entries().get(2).value()).isEqualTo(filled(300_000, 3));
        assertThat(storage.transaction(tx -> tx.get("acct/huge").orElseThrow()).length).isEqualTo(300_000);
        assertThat(java.util.Arrays.equals(storage.transaction(tx -> tx.get("acct/huge").orElseThrow()), filled(300_000, 3))).isTrue();
    }

    @Test
    void overwritingAndDeleting_largeValues_leaveNoKvBigRowBehind() throws Exception {
        storage.put("acct/x", filled(5_000, 1));
        storage.put("acct/x", filled(6_000, 2)); // big over big
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isEqualTo(1);
        storage.put("acct/x", bytes("small")); // small over big
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isZero();
        assertThat(storage.get("acct/x")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("small")));
        storage.put("acct/x", filled(7_000, 3)); // big over small
        assertThat(storage.get("acct/x")).hasValueSatisfying(v -> assertThat(v).isEqualTo(filled(7_000, 3)));
        assertThat(storage.compareAndSet("acct/x", filled(7_000, 3), filled(8_000, 4))).isTrue();
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isEqualTo(1);
        assertThat(storage.delete("acct/x")).isTrue();
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isZero();
        assertThat(storage.get("acct/x")).isEmpty();
    }

    @Test
    void aRolledBackWork_inAGroupCommit_leavesNoKvBigRow() throws Exception {
        storage.put("acct/keep", filled(4_000, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.transaction(tx -> {
            tx.put("acct/keep", filled(9_000, 2));
            tx.put("acct/new", filled(9_000, 3));
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).isEqualTo(1);
        assertThat(storage.get("acct/keep")).hasValueSatisfying(v -> assertThat(v).isEqualTo(filled(4_000, 1)));
        assertThat(storage.get("acct/new")).isEmpty();
    }

    @Test
    void aVersion0File_opens_readsItsRows_andMovesALargeRowOutWhenItIsWrittenAgain() throws Exception {
        storage.close();
        Path file = dataDir().resolve(SqliteStorage.FILE_NAME);
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            // the original schema, as every file before schema version 1 has it
            st.executeUpdate("CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
            st.executeUpdate("INSERT INTO kv VALUES ('acct/small', x'0102'), ('acct/large', zeroblob(6000))");
        }

        storage = SqliteStorage.open(dataDir());

        assertThat(sqlCount("PRAGMA user_version")).isEqualTo(SqliteStorage.SCHEMA_VERSION);
        assertThat(storage.get("acct/small")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
        assertThat(storage.get("acct/large")).hasValueSatisfying(v -> assertThat(v).isEqualTo(new byte[6000]));
        assertThat(sqlCount("SELECT count(*) FROM kv_big")).as("nothing moved at open").isZero();
        storage.put("acct/large", filled(6_000, 5));
        assertThat(sqlCount("SELECT count(*) FROM kv WHERE k = 'acct/large' AND big IS NOT NULL")).isEqualTo(1);
        assertThat(storage.get("acct/large")).hasValueSatisfying(v -> assertThat(v).isEqualTo(filled(6_000, 5)));
        storage.close();
        storage = SqliteStorage.open(dataDir()); // a second open of a version-1 file changes nothing
        assertThat(storage.scan("acct/", null, 10).entries()).hasSize(2);
    }

    @Test
    void aFileOfANewerSchemaVersion_isRefused_withoutChangingIt() throws Exception {
        storage.put("acct/a", bytes("one"));
        storage.close();
        Path file = dataDir().resolve(SqliteStorage.FILE_NAME);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (SqliteStorage.SCHEMA_VERSION + 1));
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqliteStorage.open(dataDir()))
                .isInstanceOf(io.citadel.storage.StorageException.class)
                .hasMessageContaining("schema version " + (SqliteStorage.SCHEMA_VERSION + 1))
                .hasMessageContaining("newer than this Citadel's " + SqliteStorage.SCHEMA_VERSION);
        assertThat(sqlCount("PRAGMA user_version")).isEqualTo(SqliteStorage.SCHEMA_VERSION + 1);
        assertThat(sqlCount("SELECT count(*) FROM kv")).isEqualTo(1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + SqliteStorage.SCHEMA_VERSION);
        }
        storage = SqliteStorage.open(dataDir());
    }

    @Test
    void aKvRowWhoseLargeValueIsMissing_failsTheRead_namingTheKey() throws Exception {
        storage.put("acct/big", filled(5_000, 1));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir().resolve(SqliteStorage.FILE_NAME));
             Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER kv_big_on_delete"); // so that deleting only the kv_big row is possible below
            st.executeUpdate("DELETE FROM kv_big");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.get("acct/big"))
                .isInstanceOf(io.citadel.storage.StorageException.class)
                .hasMessageContaining("acct/big").hasMessageContaining("missing");
    }
}
