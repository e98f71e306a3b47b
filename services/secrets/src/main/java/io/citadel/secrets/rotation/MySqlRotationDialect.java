package io.citadel.secrets.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * MySQL and MariaDB for the rotators, through MariaDB Connector/J (which speaks to both). Accounts are
 * {@code 'user'@'%'}, as in AWS's templates. User names are quoted as backtick identifiers here; the
 * password is always a bind parameter, which the driver escapes as a literal under the server's
 * current SQL mode.
 */
final class MySqlRotationDialect implements DatabaseRotationDialect {

    /** Which server family the secret's {@code engine} names. */
    enum Flavor {
        MYSQL("MySQL", Set.of("mysql", "aurora-mysql"), 32),
        MARIADB("MariaDB", Set.of("mariadb"), 80);

        private final String displayName;
        private final Set<String> engines;
        private final int maxUsername;

        Flavor(String displayName, Set<String> engines, int maxUsername) {
            this.displayName = displayName;
            this.engines = engines;
            this.maxUsername = maxUsername;
        }
    }

    private static final org.mariadb.jdbc.Driver DRIVER = new org.mariadb.jdbc.Driver();

    private final Flavor flavor;

    MySqlRotationDialect(Flavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String displayName() {
        return flavor.displayName;
    }

    @Override
    public Set<String> engines() {
        return flavor.engines;
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public int maxUsernameLength() {
        return flavor.maxUsername;
    }

    @Override
    public Connection connect(DatabaseRotationSecret secret, Duration timeout) throws SQLException {
        String host = DatabaseRotationHosts.urlHost(secret.host());
        int port;
        try {
            port = secret.port(this);
        } catch (RotationException e) {
            throw new SQLException(e.getMessage(), "08001");
        }
        Properties p = new Properties();
        p.setProperty("user", secret.username());
        p.setProperty("password", secret.password());
        long millis = Math.max(1000, timeout.toMillis());
        p.setProperty("connectTimeout", Long.toString(millis));
        p.setProperty("socketTimeout", Long.toString(millis * 3));
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("dumpQueriesOnException", "false");
        p.setProperty("sslMode", Boolean.TRUE.equals(secret.sslOrNull()) ? "verify-full" : "disable");
        Connection c = DRIVER.connect("jdbc:mariadb://" + host + ":" + port + "/", p);
        if (c == null) {
            throw new SQLException("the MariaDB driver did not accept the connection URL", "08001");
        }
        try {
            if (secret.dbnameOrNull() != null) {
                c.setCatalog(secret.dbnameOrNull());
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public void confirmOwnPassword(Connection asPendingUser, DatabaseRotationSecret pending) {
        // MySQL and MariaDB always check passwords for accounts that have one: logging in proves it is set.
    }

    @Override
    public void setPassword(Connection ownConnection, String username, String password) throws SQLException {
        // Without the CREATE USER privilege, MariaDB lets an account change its own password only with
        // SET PASSWORD, and MySQL 8 (which dropped PASSWORD()) only with ALTER USER USER().
        String sql = isMariaDb(ownConnection) ? "SET PASSWORD = PASSWORD(?)" : "ALTER USER USER() IDENTIFIED BY ?";
        try (PreparedStatement ps = ownConnection.prepareStatement(sql)) {
            ps.setString(1, password);
            ps.execute();
        }
    }

    @Override
    public void createOrUpdateAlternateUser(Connection master, String currentUser, String pendingUser, String password) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = master.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'")) {
            ps.setString(1, pendingUser);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            try (PreparedStatement ps = master.prepareStatement("CREATE USER " + account(pendingUser) + " IDENTIFIED BY ?")) {
                ps.setString(1, password);
                ps.execute();
            }
        }
        // Every time, as AWS's template does: DDL is not transactional here, so a retry must finish a half-done copy.
        for (String grant : copiedGrants(master, currentUser, pendingUser)) {
            try (Statement s = master.createStatement()) {
                s.execute(grant);
            }
        }
        try (PreparedStatement ps = master.prepareStatement("ALTER USER " + account(pendingUser) + " IDENTIFIED BY ?")) {
            ps.setString(1, password);
            ps.execute();
        }
    }

    /** The current user's SHOW GRANTS rows, rewritten for the pending user (the password hash part left out). */
    private static List<String> copiedGrants(Connection master, String currentUser, String pendingUser) throws SQLException {
        String from = account(currentUser);
        String to = account(pendingUser);
        List<String> out = new ArrayList<>();
        try (Statement s = master.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + from)) {
            while (rs.next()) {
                String row = rs.getString(1);
                String upper = row.toUpperCase(Locale.ROOT);
                if (upper.startsWith("GRANT ")) {
                    int at = row.lastIndexOf(" TO " + from);
                    if (at < 0) {
                        throw new SQLException("unexpected SHOW GRANTS row for the current user (no TO clause naming it)", "HY000");
                    }
                    String grant = row.substring(0, at) + " TO " + to;
                    out.add(upper.endsWith(" WITH GRANT OPTION") ? grant + " WITH GRANT OPTION" : grant);
                } else if (upper.startsWith("SET DEFAULT ROLE ")) {
                    int at = row.lastIndexOf(" FOR " + from);
                    if (at >= 0) {
                        out.add(row.substring(0, at) + " FOR " + to);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void check(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT NOW()")) {
            rs.next();
        }
    }

    private static boolean isMariaDb(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            return rs.next() && rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
        }
    }

    /** {@code `user`@`%`}, with backticks in the name doubled. */
    static String account(String user) {
        return "`" + user.replace("`", "``") + "`@`%`";
    }
}
