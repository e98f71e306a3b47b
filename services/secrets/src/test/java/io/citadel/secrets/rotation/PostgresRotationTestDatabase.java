package io.citadel.secrets.rotation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The machine's PostgreSQL (127.0.0.1:5432) as the superuser {@code postgres}, for rotation tests: makes
 * roles with a random suffix and drops them afterwards. The server trusts loopback logins, so a login
 * proves nothing about a password; {@link #passwordIs} checks the role's stored SCRAM-SHA-256 verifier
 * instead (RFC 5802/7677), which is what a password login would be checked against.
 */
final class PostgresRotationTestDatabase implements AutoCloseable {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final Connection admin;
    private final List<String> roles = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    PostgresRotationTestDatabase() throws SQLException {
        admin = DriverManager.getConnection(URL, "postgres", "");
    }

    /** Creates a login role with the password; the name gets the random suffix, and its _clone is dropped too. */
    String createRole(String baseName, String password, String extraOptions) throws SQLException {
        String name = baseName + "_" + suffix;
        roles.add(name + "_clone");
        roles.add(name);
        sql("SELECT format('CREATE ROLE %I WITH LOGIN " + extraOptions + " PASSWORD %L', ?::text, ?::text)", name, password);
        return name;
    }

    /** A table only {@code role} (and its members) may read. */
    String createTableReadableBy(String role) throws SQLException {
        String table = "rot_t_" + suffix;
        tables.add(table);
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE " + table + " (v int)");
            s.execute("INSERT INTO " + table + " VALUES (42)");
        }
        sql("SELECT format('GRANT SELECT ON " + table + " TO %I', ?::text)", role);
        return table;
    }

    boolean roleExists(String role) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether {@code password} is the role's password, checked against its SCRAM verifier in pg_authid. */
    boolean passwordIs(String role, String password) throws Exception {
        String verifier;
        try (PreparedStatement ps = admin.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return false;
                }
                verifier = rs.getString(1);
            }
        }
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        String[] parts = verifier.split("[$:]");
        if (parts.length != 5 || !parts[0].equals("SCRAM-SHA-256")) {
            throw new IllegalStateException("not a SCRAM-SHA-256 verifier");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] storedKey = Base64.getDecoder().decode(parts[3]);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(clientKey), storedKey);
    }

    /** Reads the table as {@code role} (its own privileges, or its membership's), through SET ROLE on the admin session. */
    int selectAs(String role, String table) throws SQLException {
        try (Statement s = admin.createStatement()) {
            sql("SELECT format('SET ROLE %I', ?::text)", role);
            try (ResultSet rs = s.executeQuery("SELECT v FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            } finally {
                s.execute("RESET ROLE");
            }
        }
    }

    /** Logs in as the role the way a client would (loopback is trust, so only the role's existence and LOGIN matter). */
    boolean canConnect(String role) {
        try (Connection c = DriverManager.getConnection(URL, role, "wrong-on-purpose")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void sql(String formatQuery, String... args) throws SQLException {
        String statement;
        try (PreparedStatement ps = admin.prepareStatement(formatQuery)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (Statement s = admin.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            for (String t : tables) {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
            for (String r : roles) {
                sql("SELECT format('DROP ROLE IF EXISTS %I', ?::text)", r);
            }
        } finally {
            admin.close();
        }
    }
}
