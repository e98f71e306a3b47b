package io.citadel.secrets.rotation;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The machine's MariaDB (127.0.0.1:3306, root without password) for rotation tests: a database and
 * {@code 'user'@'%'} accounts with a random suffix, dropped afterwards. MariaDB checks passwords on
 * every login, so {@link #canLogIn} is a real proof.
 */
final class MySqlRotationTestDatabase implements AutoCloseable {

    static final String URL = "jdbc:mariadb://127.0.0.1:3306/";

    final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    final String database = "rot_db_" + suffix;
    private final Connection root;
    private final List<String> users = new ArrayList<>();

    MySqlRotationTestDatabase() throws SQLException {
        root = DriverManager.getConnection(URL, "root", "");
        try (Statement s = root.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            s.execute("CREATE TABLE " + database + ".t (v int)");
            s.execute("INSERT INTO " + database + ".t VALUES (42)");
        }
    }

    /** Creates {@code 'base_suffix'@'%'}; its _clone is dropped afterwards too. {@code privileges} e.g. "SELECT ON db.*". */
    String createUser(String baseName, String password, String privilegesOrNull) throws SQLException {
        String name = baseName + "_" + suffix;
        users.add(name + "_clone");
        users.add(name);
        try (PreparedStatement ps = root.prepareStatement("CREATE USER " + MySqlRotationDialect.account(name) + " IDENTIFIED BY ?")) {
            ps.setString(1, password);
            ps.execute();
        }
        if (privilegesOrNull != null) {
            try (Statement s = root.createStatement()) {
                s.execute("GRANT " + privilegesOrNull + " TO " + MySqlRotationDialect.account(name));
            }
        }
        return name;
    }

    boolean userExists(String name) throws SQLException {
        try (PreparedStatement ps = root.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    boolean canLogIn(String user, String password) {
        try (Connection c = DriverManager.getConnection(URL, user, password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The table's value read as that user, or -1 when the user may not read it. */
    int select(String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, user, password); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT v FROM " + database + ".t")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException denied) {
                return -1;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = root.createStatement()) {
            for (String u : users) {
                s.execute("DROP USER IF EXISTS " + MySqlRotationDialect.account(u));
            }
            s.execute("DROP DATABASE IF EXISTS " + database);
        } finally {
            root.close();
        }
    }
}
