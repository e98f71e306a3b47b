package io.citadel.secrets.rotation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL (and Aurora PostgreSQL) for the rotators. Statements that take no bind parameters
 * (ALTER ROLE, CREATE ROLE, GRANT) are built by the server itself with {@code format('%I', '%L')},
 * so identifiers and the password are quoted by PostgreSQL's own rules, whatever
 * {@code standard_conforming_strings} says.
 */
final class PostgresRotationDialect implements DatabaseRotationDialect {

    /** NAMEDATALEN - 1: longer role names are silently truncated by PostgreSQL. */
    static final int MAX_ROLE_NAME = 63;

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public Set<String> engines() {
        return Set.of("postgres", "aurora-postgresql");
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public int maxUsernameLength() {
        return MAX_ROLE_NAME;
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
        String dbname = secret.dbnameOrNull() == null ? "postgres" : secret.dbnameOrNull();
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8).replace("+", "%20");
        Properties p = new Properties();
        p.setProperty("user", secret.username());
        p.setProperty("password", secret.password());
        long seconds = Math.max(1, timeout.toSeconds());
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("socketTimeout", Long.toString(seconds * 3));
        p.setProperty("ApplicationName", "citadel-rotation");
        Boolean ssl = secret.sslOrNull();
        if (ssl == null) {
            p.setProperty("sslmode", "prefer");
        } else if (ssl) {
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        } else {
            p.setProperty("sslmode", "disable");
        }
        Connection c = DRIVER.connect(url, p);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver did not accept the connection URL", "08001");
        }
        return c;
    }

    @Override
    public void confirmOwnPassword(Connection asPendingUser, DatabaseRotationSecret pending) throws SQLException {
        execute(asPendingUser, "SELECT format('ALTER ROLE %I WITH PASSWORD %L', session_user, ?::text)", pending.password());
    }

    @Override
    public void setPassword(Connection connection, String username, String password) throws SQLException {
        execute(connection, "SELECT format('ALTER ROLE %I WITH PASSWORD %L', ?::text, ?::text)", username, password);
    }

    @Override
    public void createOrUpdateAlternateUser(Connection master, String currentUser, String pendingUser, String password) throws SQLException {
        boolean autoCommit = master.getAutoCommit();
        master.setAutoCommit(false);
        try {
            boolean exists;
            try (PreparedStatement ps = master.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, pendingUser);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists) {
                setPassword(master, pendingUser, password);
            } else {
                execute(master, "SELECT format('CREATE ROLE %I WITH LOGIN PASSWORD %L', ?::text, ?::text)", pendingUser, password);
                // The alternate user gets the current user's privileges by membership, as AWS's template does.
                execute(master, "SELECT format('GRANT %I TO %I', ?::text, ?::text)", currentUser, pendingUser);
            }
            master.commit();
        } catch (SQLException | RuntimeException e) {
            master.rollback();
            throw e;
        } finally {
            master.setAutoCommit(autoCommit);
        }
    }

    @Override
    public void check(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
        }
    }

    /** Lets the server build the statement from quoted parameters, then runs it. */
    private static void execute(Connection c, String formatQuery, String... args) throws SQLException {
        String statement;
        try (PreparedStatement ps = c.prepareStatement(formatQuery)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
