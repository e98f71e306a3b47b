package io.citadel.audit;

import io.citadel.storage.Storage;
import io.citadel.storage.postgres.PostgresStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Tampering with the PostgreSQL table through plain SQL (the machine's PostgreSQL; fails when absent). */
class PostgresTamperTest extends TamperContract {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private final String table = "citadel_audit_test_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    Storage openRaw() {
        return PostgresStorage.open(URL, USER, "", table);
    }

    @Override
    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(URL, USER, "");
    }

    @Override
    String table() {
        return table;
    }

    @AfterEach
    void dropTable() throws SQLException {
        dropTable(table);
    }

    static void dropTable(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + table);
        }
    }
}
