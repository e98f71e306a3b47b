package io.citadel.secrets.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built-in database rotator: the behaviour of AWS's RDS rotation Lambda templates
 * (SecretsManagerRDS{PostgreSQL,MySQL,MariaDB}Rotation{SingleUser,MultiUser}) with the SQL of one
 * {@link DatabaseRotationDialect}. Every step first checks what is already done, so a retried step is
 * harmless. Messages name the secret, the step and the database's error with every password of the
 * rotation blanked out; no SQL exception is attached as a cause, because drivers may quote statements.
 */
public final class DatabaseRotator implements RotationFunction {

    /** AWS's two database rotation strategies. */
    public enum Strategy {
        /** The secret's user changes its own password. */
        SINGLE_USER,
        /** Two users, {@code user} and {@code user_clone}, take turns; the master secret ({@code masterarn}) updates the other one. */
        ALTERNATING_USERS
    }

    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPENDING = "AWSPENDING";
    static final String AWSPREVIOUS = "AWSPREVIOUS";
    /** The characters AWS's templates exclude by default (EXCLUDE_CHARACTERS): they trouble connection strings and shells. */
    static final String EXCLUDE_CHARACTERS = "/@\"'\\";
    static final int PASSWORD_LENGTH = 32;
    static final String CLONE_SUFFIX = "_clone";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRotator.class);

    private final String functionName;
    private final DatabaseRotationDialect dialect;
    private final Strategy strategy;
    private final Duration timeout;

    DatabaseRotator(String functionName, DatabaseRotationDialect dialect, Strategy strategy, Duration timeout) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: 1ms..60s)");
        }
        this.timeout = timeout;
    }

    /** The AWS template name this rotator implements, e.g. {@code SecretsManagerRDSPostgreSQLRotationSingleUser}. */
    public String functionName() {
        return functionName;
    }

    public Strategy strategy() {
        return strategy;
    }

    @Override
    public void run(RotationStep step, String secretId, String token, RotationSecrets secrets) throws RotationException {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(token, "clientRequestToken");
        RotationSecrets.Description description = secrets.describeSecret(secretId);
        if (!description.rotationEnabled()) {
            throw new RotationException("secret " + secretId + " is not enabled for rotation");
        }
        List<String> stages = description.versionIdsToStages().get(token);
        if (stages == null) {
            // AWS records the token's version (AWSPENDING, no value yet) before createSecret; a caller that
            // lets createSecret create it is accepted, later steps need it.
            if (step != RotationStep.CREATE_SECRET) {
                throw new RotationException(step.wire() + ": secret version " + token + " of secret " + secretId + " has no stage for rotation");
            }
        } else if (stages.contains(AWSCURRENT)) {
            LOG.info("{}: version {} of secret {} is already AWSCURRENT", step.wire(), token, secretId);
            return;
        } else if (!stages.contains(AWSPENDING)) {
            throw new RotationException(step.wire() + ": secret version " + token + " of secret " + secretId + " is not AWSPENDING");
        }
        switch (step) {
            case CREATE_SECRET -> createSecret(secretId, token, secrets);
            case SET_SECRET -> setSecret(secretId, token, secrets);
            case TEST_SECRET -> testSecret(secretId, token, secrets);
            case FINISH_SECRET -> finishSecret(secretId, token, secrets, description);
        }
    }

    private void createSecret(String secretId, String token, RotationSecrets secrets) throws RotationException {
        DatabaseRotationSecret current = read(secrets, secretId, null, AWSCURRENT, "createSecret");
        if (secrets.getSecretValue(secretId, token, AWSPENDING).isPresent()) {
            LOG.info("createSecret: version {} of secret {} already has a value", token, secretId);
            return;
        }
        DatabaseRotationSecret next = strategy == Strategy.ALTERNATING_USERS
                ? current.withUsername(alternateUsername(current.username(), dialect.maxUsernameLength()))
                : current;
        next = next.withPassword(secrets.randomPassword(PASSWORD_LENGTH, EXCLUDE_CHARACTERS));
        secrets.putSecretValue(secretId, token, next.json(), List.of(AWSPENDING));
        LOG.info("createSecret: put version {} of secret {} as AWSPENDING", token, secretId);
    }

    private void setSecret(String secretId, String token, RotationSecrets secrets) throws RotationException {
        DatabaseRotationSecret current = read(secrets, secretId, null, AWSCURRENT, "setSecret");
        DatabaseRotationSecret pending = read(secrets, secretId, token, AWSPENDING, "setSecret");
        Passwords passwords = new Passwords(current, pending);

        Attempt withPending = login(pending, passwords);
        if (withPending.connection != null) {
            try (Connection c = withPending.connection) {
                dialect.confirmOwnPassword(c, pending);
            } catch (SQLException e) {
                throw failure("setSecret: confirming the password of the pending user of secret " + secretId, e, passwords);
            }
            LOG.info("setSecret: the AWSPENDING password of secret {} already logs in", secretId);
            return;
        }
        if (!sameHost(current, pending)) {
            throw new RotationException("setSecret: the AWSPENDING host of secret " + secretId + " differs from AWSCURRENT");
        }
        switch (strategy) {
            case SINGLE_USER -> setSingleUser(secretId, secrets, current, pending, passwords);
            case ALTERNATING_USERS -> setAlternatingUsers(secretId, secrets, current, pending, passwords);
        }
        LOG.info("setSecret: set the AWSPENDING password of secret {} in {}", secretId, dialect.displayName());
    }

    private void setSingleUser(String secretId, RotationSecrets secrets, DatabaseRotationSecret current,
            DatabaseRotationSecret pending, Passwords passwords) throws RotationException {
        if (!current.username().equals(pending.username())) {
            throw new RotationException("setSecret: the AWSPENDING username of secret " + secretId + " differs from AWSCURRENT");
        }
        Attempt attempt = login(current, passwords);
        if (attempt.connection == null) {
            // The password may already be past AWSCURRENT (a rotation that failed after setSecret); AWS tries AWSPREVIOUS too.
            Optional<DatabaseRotationSecret> previous = readOptional(secrets, secretId, AWSPREVIOUS);
            if (previous.isPresent() && previous.get().username().equals(pending.username()) && sameHost(previous.get(), pending)) {
                passwords.add(previous.get());
                Attempt second = login(previous.get(), passwords);
                if (second.connection != null) {
                    attempt = second;
                }
            }
        }
        if (attempt.connection == null) {
            throw new RotationException("setSecret: unable to log into " + dialect.displayName() + " with the pending, current or previous"
                    + " secret of secret " + secretId + ": " + attempt.error);
        }
        try (Connection c = attempt.connection) {
            dialect.setPassword(c, pending.username(), pending.password());
        } catch (SQLException e) {
            throw failure("setSecret: changing the password of the user of secret " + secretId, e, passwords);
        }
    }

    private void setAlternatingUsers(String secretId, RotationSecrets secrets, DatabaseRotationSecret current,
            DatabaseRotationSecret pending, Passwords passwords) throws RotationException {
        String expected = alternateUsername(current.username(), dialect.maxUsernameLength());
        if (!pending.username().equals(expected)) {
            // Never let a rotation reset some other user's (say, the master's) password.
            throw new RotationException("setSecret: the AWSPENDING username of secret " + secretId
                    + " is not the alternate of the AWSCURRENT username (expected: " + expected + ")");
        }
        Attempt withCurrent = login(current, passwords);
        if (withCurrent.connection == null) {
            throw new RotationException("setSecret: unable to log into " + dialect.displayName() + " with the current secret of secret "
                    + secretId + ": " + withCurrent.error);
        }
        // AWS logs in with AWSCURRENT first to make sure the secret is valid before touching the other user.
        close(withCurrent.connection);
        String masterArn = current.masterArnOrNull();
        if (masterArn == null) {
            throw new RotationException("setSecret: masterarn is missing from the secret JSON of secret " + secretId
                    + " (expected: the ARN of the master user's secret)");
        }
        Optional<RotationSecrets.Version> masterVersion = secrets.getSecretValue(masterArn, null, AWSCURRENT);
        if (masterVersion.isEmpty()) {
            throw new RotationException("setSecret: the master secret " + masterArn + " of secret " + secretId + " has no AWSCURRENT version");
        }
        DatabaseRotationSecret master = DatabaseRotationSecret.parse(masterVersion.get().secretString(),
                "setSecret: master secret " + masterArn, dialect).withDbnameOf(current);
        passwords.add(master);
        if (!sameHost(master, current)) {
            throw new RotationException("setSecret: the host of secret " + secretId + " is not the host of its master secret " + masterArn);
        }
        if (master.username().equals(pending.username())) {
            throw new RotationException("setSecret: the alternate user of secret " + secretId + " is the master user");
        }
        Attempt withMaster = login(master, passwords);
        if (withMaster.connection == null) {
            throw new RotationException("setSecret: unable to log into " + dialect.displayName() + " with the master secret " + masterArn
                    + ": " + withMaster.error);
        }
        try (Connection c = withMaster.connection) {
            dialect.createOrUpdateAlternateUser(c, current.username(), pending.username(), pending.password());
        } catch (SQLException e) {
            throw failure("setSecret: creating or updating the alternate user of secret " + secretId, e, passwords);
        }
    }

    private void testSecret(String secretId, String token, RotationSecrets secrets) throws RotationException {
        DatabaseRotationSecret pending = read(secrets, secretId, token, AWSPENDING, "testSecret");
        Passwords passwords = new Passwords(pending);
        Attempt attempt = login(pending, passwords);
        if (attempt.connection == null) {
            throw new RotationException("testSecret: unable to log into " + dialect.displayName() + " with the pending secret of secret "
                    + secretId + ": " + attempt.error);
        }
        try (Connection c = attempt.connection) {
            dialect.check(c);
        } catch (SQLException e) {
            throw failure("testSecret: the test query with the pending secret of secret " + secretId, e, passwords);
        }
        LOG.info("testSecret: the AWSPENDING secret of secret {} logs in", secretId);
    }

    private static void finishSecret(String secretId, String token, RotationSecrets secrets, RotationSecrets.Description description)
            throws RotationException {
        String currentVersion = null;
        for (Map.Entry<String, List<String>> e : description.versionIdsToStages().entrySet()) {
            if (e.getValue().contains(AWSCURRENT)) {
                if (e.getKey().equals(token)) {
                    return;
                }
                currentVersion = e.getKey();
                break;
            }
        }
        secrets.updateSecretVersionStage(secretId, AWSCURRENT, token, currentVersion);
        LOG.info("finishSecret: moved AWSCURRENT of secret {} to version {}", secretId, token);
    }

    /** AWS's convention: {@code user} and {@code user_clone} take turns. */
    static String alternateUsername(String username, int maxLength) throws RotationException {
        if (username.endsWith(CLONE_SUFFIX)) {
            String original = username.substring(0, username.length() - CLONE_SUFFIX.length());
            if (original.isEmpty()) {
                throw new RotationException("username " + username + " has nothing before " + CLONE_SUFFIX);
            }
            return original;
        }
        String clone = username + CLONE_SUFFIX;
        if (clone.length() > maxLength) {
            throw new RotationException("username " + username + " cannot be cloned: with " + CLONE_SUFFIX + " it would exceed "
                    + maxLength + " characters");
        }
        return clone;
    }

    private DatabaseRotationSecret read(RotationSecrets secrets, String secretId, String versionIdOrNull, String stage, String step)
            throws RotationException {
        Optional<RotationSecrets.Version> v = secrets.getSecretValue(secretId, versionIdOrNull, stage);
        if (v.isEmpty()) {
            throw new RotationException(step + ": secret " + secretId + " has no " + stage + " value"
                    + (versionIdOrNull == null ? "" : " for version " + versionIdOrNull));
        }
        return DatabaseRotationSecret.parse(v.get().secretString(), step + ": " + stage + " of secret " + secretId, dialect);
    }

    private Optional<DatabaseRotationSecret> readOptional(RotationSecrets secrets, String secretId, String stage) throws RotationException {
        Optional<RotationSecrets.Version> v = secrets.getSecretValue(secretId, null, stage);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DatabaseRotationSecret.parse(v.get().secretString(), stage + " of secret " + secretId, dialect));
        } catch (RotationException e) {
            return Optional.empty();
        }
    }

    private static boolean sameHost(DatabaseRotationSecret a, DatabaseRotationSecret b) {
        return a.host().toLowerCase(Locale.ROOT).equals(b.host().toLowerCase(Locale.ROOT));
    }

    /** A login: the connection, or why there is none (already redacted). */
    private record Attempt(Connection connection, String error) {
    }

    private Attempt login(DatabaseRotationSecret secret, Passwords passwords) {
        try {
            return new Attempt(dialect.connect(secret, timeout), null);
        } catch (SQLException e) {
            return new Attempt(null, describe(e, passwords));
        } catch (RuntimeException e) {
            return new Attempt(null, e.getClass().getSimpleName() + ": " + passwords.redact(String.valueOf(e.getMessage())));
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a database connection failed (SQLState {})", e.getSQLState());
        }
    }

    private static RotationException failure(String what, SQLException e, Passwords passwords) {
        return new RotationException(what + " failed: " + describe(e, passwords));
    }

    private static String describe(SQLException e, Passwords passwords) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline); // drivers may append the query after the first line
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return passwords.redact(message) + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }

    /** Every password this step has seen, to blank out of driver messages. */
    private static final class Passwords {
        private final List<String> values = new ArrayList<>();

        Passwords(DatabaseRotationSecret... secrets) {
            for (DatabaseRotationSecret s : secrets) {
                add(s);
            }
        }

        void add(DatabaseRotationSecret s) {
            values.add(s.password());
        }

        String redact(String text) {
            String out = text;
            for (String v : values) {
                if (!v.isEmpty()) {
                    out = out.replace(v, "***");
                }
            }
            return out;
        }
    }
}
