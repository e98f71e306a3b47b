package io.citadel.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citadel.storage.Entry;
import io.citadel.storage.KeyRules;
import io.citadel.storage.ScanPage;
import io.citadel.storage.ScanRange;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageException;
import io.citadel.storage.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The scale-out {@link Storage}: one PostgreSQL table {@code (k TEXT COLLATE "C" PRIMARY KEY,
 * v BYTEA NOT NULL)} behind a HikariCP pool, shared by any number of nodes. Transactions run at
 * SERIALIZABLE and are retried on serialization failure (SQLSTATE 40001) or deadlock (40P01), so
 * concurrent read-modify-write transactions never lose an update.
 */
public final class PostgresStorage implements Storage {

    public static final String DEFAULT_TABLE = "citadel_kv";
    public static final int DEFAULT_POOL_SIZE = 10;
    static final int MAX_ATTEMPTS = 100;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")?");

    private final HikariDataSource pool;
    private final String table;
    private final int maxValueBytes;
    private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);
    private final String selectOne;
    private final String upsert;
    private final String deleteOne;

    private PostgresStorage(HikariDataSource pool, String table, int maxValueBytes) {
        this.pool = pool;
        this.table = table;
        this.maxValueBytes = maxValueBytes;
        this.selectOne = "SELECT v FROM " + table + " WHERE k = ?";
        this.upsert = "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";
        this.deleteOne = "DELETE FROM " + table + " WHERE k = ?";
    }

    /** Opens the default table {@value #DEFAULT_TABLE}, creating it if missing. */
    public static PostgresStorage open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_TABLE, DEFAULT_MAX_VALUE_BYTES, DEFAULT_POOL_SIZE);
    }

    /** Opens {@code table} (lower-case, optionally {@code schema.table}; the schema must exist), creating it if missing. */
    public static PostgresStorage open(String jdbcUrl, String user, String password, String table) {
        return open(jdbcUrl, user, password, table, DEFAULT_MAX_VALUE_BYTES, DEFAULT_POOL_SIZE);
    }

    public static PostgresStorage open(String jdbcUrl, String user, String password, String table, int maxValueBytes, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(table, "table");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("postgres table: " + table + " (expected: [schema.]table, lower-case letters, digits, _)");
        }
        if (maxValueBytes < 1 || maxValueBytes > 512 * 1024 * 1024) {
            throw new IllegalArgumentException("maxValueBytes: " + maxValueBytes + " (expected: 1..536870912)");
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: 1..1000)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("citadel-storage-" + table);
        config.setAutoCommit(true);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("postgres: cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
        try {
            prepare(pool, table);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e instanceof StorageException se ? se
                    : new StorageException("postgres: cannot prepare table " + table + ": " + e.getMessage(), e);
        }
        return new PostgresStorage(pool, table, maxValueBytes);
    }

    public String table() {
        return table;
    }

    @Override
    public Optional<byte[]> get(String key) {
        KeyRules.checkKey(key);
        return withConnection(c -> select(c, key));
    }

    @Override
    public void put(String key, byte[] value) {
        KeyRules.checkKey(key);
        KeyRules.checkValue(value, maxValueBytes);
        checkNotInTransaction();
        withConnection(c -> {
            upsert(c, key, value);
            return null;
        });
    }

    @Override
    public boolean delete(String key) {
        KeyRules.checkKey(key);
        checkNotInTransaction();
        return withConnection(c -> remove(c, key));
    }

    @Override
    public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
        KeyRules.checkScan(prefix, startAfterOrNull, limit);
        return withConnection(c -> select(c, prefix, startAfterOrNull, limit));
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        checkNotInTransaction();
        inTransaction.set(true);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(work);
                } catch (RuntimeException e) {
                    if (attempt >= MAX_ATTEMPTS || !isSerializationFailure(e)) {
                        throw e;
                    }
                }
                backOff(attempt);
            }
        } finally {
            inTransaction.remove();
        }
    }

    @Override
    public int maxValueBytes() {
        return maxValueBytes;
    }

    @Override
    public void close() {
        pool.close();
    }

    private <T> T attempt(Function<Transaction, T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            PostgresTransaction tx = new PostgresTransaction(c);
            try {
                T result = work.apply(tx);
                tx.active = false;
                c.commit();
                return result;
            } catch (Throwable e) {
                tx.active = false;
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new StorageException("postgres: transaction failed: " + e.getMessage(), e);
        }
    }

    private static boolean isSerializationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Random, growing pause so that colliding transactions stop colliding; capped at 20 ms. */
    private static void backOff(int attempt) {
        long maxMicros = Math.min(20_000L, 100L << Math.min(attempt, 10));
        try {
            Thread.sleep(java.time.Duration.ofNanos(ThreadLocalRandom.current().nextLong(1, maxMicros) * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("postgres: interrupted while retrying a transaction", e);
        }
    }

    private void checkNotInTransaction() {
        if (inTransaction.get()) {
            throw new IllegalStateException("storage write inside a transaction on the same thread (expected: use the Transaction)");
        }
    }

    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T withConnection(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StorageException("postgres: statement on " + table + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<byte[]> select(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectOne)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private ScanPage select(Connection c, String prefix, String startAfterOrNull, int limit) throws SQLException {
        Optional<ScanRange> range = ScanRange.of(prefix, startAfterOrNull);
        if (range.isEmpty()) {
            return new ScanPage(List.of(), false);
        }
        ScanRange r = range.get();
        String sql = "SELECT k, v FROM " + table + " WHERE " + r.sqlCondition("k") + " ORDER BY k LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, r.from());
            if (r.toExclusiveOrNull() != null) {
                ps.setString(i++, r.toExclusiveOrNull());
            }
            ps.setInt(i, limit + 1);
            List<Entry> entries = new ArrayList<>();
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (entries.size() == limit) {
                        more = true;
                        break;
                    }
                    entries.add(new Entry(rs.getString(1), rs.getBytes(2)));
                }
            }
            return new ScanPage(entries, more);
        }
    }

    private void upsert(Connection c, String key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, key);
            ps.setBytes(2, value);
            ps.executeUpdate();
        }
    }

    private boolean remove(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteOne)) {
            ps.setString(1, key);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Key order equals code-point order only if the database stores text as UTF-8 and the key column
     * compares bytes ("C"), so both are checked rather than assumed.
     */
    private static void prepare(HikariDataSource pool, String table) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW server_encoding")) {
                rs.next();
                if (!"UTF8".equalsIgnoreCase(rs.getString(1))) {
                    throw new StorageException("postgres: server_encoding " + rs.getString(1) + " (expected: UTF8)");
                }
            }
            try {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " (k TEXT COLLATE \"C\" PRIMARY KEY, v BYTEA NOT NULL)");
            } catch (SQLException e) {
                // Two nodes creating the table at once: the loser sees a duplicate, which is success.
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.attcollation = (SELECT oid FROM pg_collation WHERE collname = 'C' LIMIT 1)"
                            + " FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attname = 'k'")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        throw new StorageException("postgres: column " + table + ".k is not COLLATE \"C\" (expected: byte order)");
                    }
                }
            }
        }
    }

    /** Statements on the transaction's own connection, so reads see the transaction's writes. */
    private final class PostgresTransaction implements Transaction {

        private final Connection connection;
        private boolean active = true;

        PostgresTransaction(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Optional<byte[]> get(String key) {
            KeyRules.checkKey(key);
            return run(c -> select(c, key));
        }

        @Override
        public void put(String key, byte[] value) {
            KeyRules.checkKey(key);
            KeyRules.checkValue(value, maxValueBytes);
            run(c -> {
                upsert(c, key, value);
                return null;
            });
        }

        @Override
        public boolean delete(String key) {
            KeyRules.checkKey(key);
            return run(c -> remove(c, key));
        }

        @Override
        public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
            KeyRules.checkScan(prefix, startAfterOrNull, limit);
            return run(c -> select(c, prefix, startAfterOrNull, limit));
        }

        private <T> T run(SqlWork<T> work) {
            if (!active) {
                throw new IllegalStateException("transaction: used after its work function returned");
            }
            try {
                return work.apply(connection);
            } catch (SQLException e) {
                throw new StorageException("postgres: transaction statement on " + table + " failed: " + e.getMessage(), e);
            }
        }
    }
}
