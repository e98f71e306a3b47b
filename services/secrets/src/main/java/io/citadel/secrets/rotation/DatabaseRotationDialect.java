package io.citadel.secrets.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * What differs between the databases {@link DatabaseRotator} rotates: how to connect, and the SQL that
 * changes a password or creates the alternate user. Every statement quotes identifiers and literals
 * through the database itself or the driver; no value is ever concatenated unescaped into SQL.
 */
sealed interface DatabaseRotationDialect permits PostgresRotationDialect, MySqlRotationDialect {

    /** For messages: "PostgreSQL", "MySQL", "MariaDB". */
    String displayName();

    /** The {@code engine} values of the secret JSON this dialect accepts. */
    Set<String> engines();

    int defaultPort();

    /** The longest user name the database accepts (the alternate user's "_clone" suffix must fit). */
    int maxUsernameLength();

    /** Logs in with the secret's credentials, bounded by {@code timeout} for connecting, logging in and each statement. */
    Connection connect(DatabaseRotationSecret secret, Duration timeout) throws SQLException;

    /**
     * Called when logging in with the pending secret already works. A database whose authentication does
     * not check passwords (PostgreSQL's trust) lets any login in, so "it logs in" does not prove the
     * password is set; a dialect may set it again through the same connection, which is harmless when it is.
     */
    void confirmOwnPassword(Connection asPendingUser, DatabaseRotationSecret pending) throws SQLException;

    /** Sets {@code username}'s password (single user: the connection is that user's own, logged in with an older password). */
    void setPassword(Connection connection, String username, String password) throws SQLException;

    /**
     * Alternating users: on the master connection, creates {@code pendingUser} with the password and
     * the privileges of {@code currentUser} when it does not exist, else sets its password.
     */
    void createOrUpdateAlternateUser(Connection master, String currentUser, String pendingUser, String password) throws SQLException;

    /** A trivial query proving the connection works (AWS's templates run SELECT NOW()). */
    void check(Connection connection) throws SQLException;
}
