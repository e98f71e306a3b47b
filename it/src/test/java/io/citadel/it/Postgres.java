package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The PostgreSQL the tests share (127.0.0.1:5432, user postgres, trust auth, database test); each test uses its own table. */
final class Postgres {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";

    private Postgres() {
    }

    /** A table name no other test or run uses. */
    static String uniqueTable(String purpose) {
        return ("it_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    }

    static void dropTable(String table) {
        execute("DROP TABLE IF EXISTS " + table);
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every column of every row as its raw bytes, concatenated: what a thief reading the table sees. */
    static byte[] rawRows(String table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    byte[] value = rs.getBytes(i);
                    if (value != null) {
                        out.writeBytes(value);
                        out.write('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static long rowCount(String table) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table + ": " + e.getMessage(), e);
        }
    }

    /** Rows whose key starts with {@code prefix} (keys are stored in the clear; values are sealed). */
    static long keysWithPrefix(String table, String prefix) {
        try (Connection c = DriverManager.getConnection(URL, USER, "");
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE k >= ? AND k < ?")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix + Character.MAX_VALUE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count keys of " + table + ": " + e.getMessage(), e);
        }
    }

    /** {@code pg_dump} of one table (schema and data, plain SQL; bytea as hex). */
    static String dump(String table) {
        Processes.Result result = Processes.run(
                List.of("pg_dump", "-h", "127.0.0.1", "-U", USER, "-d", "test", "-t", table, "--no-password"),
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "PGCONNECT_TIMEOUT", "5"),
                Duration.ofSeconds(30));
        result.requireSuccess("pg_dump");
        return result.stdout();
    }
}
