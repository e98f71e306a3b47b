package io.citadel.audit;

import io.citadel.storage.Storage;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with citadel.db through plain SQL. */
class SqliteTamperTest extends TamperContract {

    @TempDir
    Path dataDir;

    @Override
    Storage openRaw() {
        return SqliteStorage.open(dataDir);
    }

    @Override
    Connection jdbc() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStorage.FILE_NAME));
        try (var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    @Override
    String table() {
        return "kv";
    }
}
