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
}
