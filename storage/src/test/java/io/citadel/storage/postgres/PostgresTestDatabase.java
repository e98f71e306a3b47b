package io.citadel.storage.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL, which CI starts. Tests fail, not skip, when it is unreachable, and each
 * works in its own table.
 */
public final class PostgresTestDatabase {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";
    public static final String PASSWORD = "";

    private PostgresTestDatabase() {
    }

    public static String uniqueTable() {
        return "citadel_kv_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static void dropTable(String table) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test table " + table + ": " + e.getMessage(), e);
        }
    }
}
