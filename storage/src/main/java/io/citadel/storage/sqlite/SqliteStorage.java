package io.citadel.storage.sqlite;

import io.citadel.storage.Entry;
import io.citadel.storage.KeyRules;
import io.citadel.storage.ScanPage;
import io.citadel.storage.ScanRange;
import io.citadel.storage.Storage;
import io.citadel.storage.StorageException;
import io.citadel.storage.Transaction;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded {@link Storage}: one SQLite file in WAL mode with {@code synchronous=FULL}, so a
 * returned write survives power loss. One writer connection behind a lock serves all writes and
 * transactions ({@code BEGIN IMMEDIATE}, so transactions are serial, also against other processes),
 * group-committed: concurrent transactions share one commit and one sync ({@link #transaction});
 * a fixed pool of query-only connections serves concurrent reads from committed snapshots.
 * The write-ahead log is copied into the database by a checkpointer thread on its own connection
 * (a PASSIVE checkpoint every {@value #CHECKPOINT_MILLIS} ms), so a commit only appends to the log
 * and syncs it; the writer checkpoints itself only when the log passes
 * {@value #WRITER_CHECKPOINT_PAGES} pages (the checkpointer fell behind).
 *
 * <p>Schema (version {@value #SCHEMA_VERSION} in {@code PRAGMA user_version}): {@code kv (k, v, big)}, a
 * {@code WITHOUT ROWID} table in key order, holds every key and every value whose row fits in one b-tree cell
 * ({@link #inline}); a larger value goes to {@code kv_big (id INTEGER PRIMARY KEY, v)}, a rowid table, and its
 * kv row holds an empty {@code v} and the id in {@code big}. Triggers delete a kv_big row when its kv row is
 * deleted or points elsewhere, so no write path can leave one behind (design decision 48).
 */
public final class SqliteStorage implements Storage {

    public static final String FILE_NAME = "citadel.db";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStorage.class);
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final long READER_WAIT_SECONDS = 30;

    /** The schema this class writes, in {@code PRAGMA user_version}; 0 is the original two-column kv table. */
    static final int SCHEMA_VERSION = 1;
    /**
     * The largest key-plus-value size kept in the kv row itself: SQLite's largest local payload of a 4 KiB page's
     * index b-tree cell is 1,002 bytes, less a record header of up to 12. A larger row would spill into overflow
     * pages, and in a {@code WITHOUT ROWID} b-tree every split copies whole rows into the interior pages.
     */
    static final int INLINE_MAX_BYTES = 990;

    /** How often the checkpointer copies the log into the database. */
    static final long CHECKPOINT_MILLIS = 200;
    /** The writer connection's page cache, in KiB. */
    static final int WRITER_CACHE_KIB = 16_384;
    /** The writer's own automatic checkpoint, a fallback (SQLite's default is 1,000 pages). */
    static final int WRITER_CHECKPOINT_PAGES = 16_384;

    private final Path file;
    private final int maxValueBytes;
    private final Connection writer;
    private final Connection checkpointConnection;
    private final Thread checkpointer;
    private static final int MAX_BATCH = 256;
    private static final int MAX_BATCHES_PER_COMBINER = 8;
    private static final long WAIT_NANOS = 2_000_000;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> pending = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders;
    private volatile boolean closed;

    private SqliteStorage(Path file, int maxValueBytes, Connection writer, List<Connection> readers, Connection checkpointConnection) {
        this.file = file;
        this.maxValueBytes = maxValueBytes;
        this.writer = writer;
        this.allReaders = List.copyOf(readers);
        this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
        this.checkpointConnection = checkpointConnection;
        this.checkpointer = Thread.ofPlatform().name("sqlite-checkpoint").daemon(true).start(this::checkpointLoop);
    }

    /**
     * Copies committed log frames into the database off the commit path. PASSIVE never waits for
     * the writer or readers; what it cannot copy yet it copies on a later round. Syncs happen here,
     * in parallel with the writer's commits, instead of inside the commit that crossed the threshold.
     */
    private void checkpointLoop() {
        while (!closed) {
            try {
                Thread.sleep(CHECKPOINT_MILLIS);
            } catch (InterruptedException e) {
                return; // close() stops the checkpointer
            }
            synchronized (checkpointConnection) {
                if (closed) {
                    return;
                }
                try (Statement st = checkpointConnection.createStatement()) {
                    st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    LOG.warn("sqlite: background checkpoint failed (the next round retries): {}", e.getMessage());
                }
            }
        }
    }

    /** Opens (creating if needed) {@value #FILE_NAME} in {@code dataDir} with default limits. */
    public static SqliteStorage open(Path dataDir) {
        return open(dataDir, DEFAULT_MAX_VALUE_BYTES, Math.max(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Opens (creating if needed) {@value #FILE_NAME} in {@code dataDir}, which is created 0700 if missing. */
    public static SqliteStorage open(Path dataDir, int maxValueBytes, int readConnections) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("maxValueBytes: " + maxValueBytes + " (expected: at least 1)");
        }
        if (readConnections < 1 || readConnections > 256) {
            throw new IllegalArgumentException("readConnections: " + readConnections + " (expected: 1..256)");
        }
        Path file = dataDir.resolve(FILE_NAME);
        createDirectory(dataDir);
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = connect(file, false);
            opened.add(writer);
            createOrUpgradeSchema(writer, file);
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA wal_autocheckpoint = " + WRITER_CHECKPOINT_PAGES);
            }
            Connection checkpoints = connect(file, false);
            opened.add(checkpoints);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < readConnections; i++) {
                Connection reader = connect(file, true);
                opened.add(reader);
                readers.add(reader);
            }
            return new SqliteStorage(file, maxValueBytes, writer, readers, checkpoints);
        } catch (SQLException e) {
            opened.forEach(SqliteStorage::closeQuietly);
            throw new StorageException("sqlite: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the tables, or brings a version-0 file (kv without {@code big}) to version {@value #SCHEMA_VERSION}:
     * adding the nullable column rewrites no row, so existing rows stay inline and move to kv_big only when they are
     * next written. One {@code BEGIN IMMEDIATE} transaction, so two processes opening one file at once do it once.
     * A file of a newer version is refused rather than misread.
     */
    private static void createOrUpgradeSchema(Connection writer, Path file) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new StorageException("sqlite: " + file + " has schema version " + version
                            + ", newer than this Citadel's " + SCHEMA_VERSION + " (expected: run a Citadel at least as new as the one that wrote it)");
                }
                st.executeUpdate("CREATE TABLE IF NOT EXISTS kv (k TEXT NOT NULL PRIMARY KEY, v BLOB NOT NULL, big INTEGER) WITHOUT ROWID");
                if (!hasColumn(st, "kv", "big")) {
                    st.executeUpdate("ALTER TABLE kv ADD COLUMN big INTEGER");
                }
                st.executeUpdate("CREATE TABLE IF NOT EXISTS kv_big (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
                st.executeUpdate("CREATE TRIGGER IF NOT EXISTS kv_big_on_delete AFTER DELETE ON kv WHEN old.big IS NOT NULL"
                        + " BEGIN DELETE FROM kv_big WHERE id = old.big; END");
                st.executeUpdate("CREATE TRIGGER IF NOT EXISTS kv_big_on_update AFTER UPDATE OF big ON kv"
                        + " WHEN old.big IS NOT NULL AND old.big IS NOT new.big BEGIN DELETE FROM kv_big WHERE id = old.big; END");
                if (version != SCHEMA_VERSION) {
                    st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static boolean hasColumn(Statement st, String table, String column) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a row of this key and value stays in the kv row ({@value #INLINE_MAX_BYTES} bytes at most). */
    static boolean inline(String key, byte[] value) {
        return utf8Length(key) + value.length <= INLINE_MAX_BYTES;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4; // with its low surrogate (keys have no unpaired surrogate)
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The database file; WAL mode adds {@code -wal} and {@code -shm} files beside it. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<byte[]> get(String key) {
        KeyRules.checkKey(key);
        return read(c -> select(c, key));
    }

    @Override
    public void put(String key, byte[] value) {
        KeyRules.checkKey(key);
        KeyRules.checkValue(value, maxValueBytes);
        transaction(tx -> {
            tx.put(key, value);
            return null;
        });
    }

    @Override
    public boolean delete(String key) {
        KeyRules.checkKey(key);
        return transaction(tx -> tx.delete(key));
    }

    @Override
    public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
        KeyRules.checkScan(prefix, startAfterOrNull, limit);
        return read(c -> select(c, prefix, startAfterOrNull, limit));
    }

    /**
     * Group commit: the caller queues its work, and whichever caller holds the writer next runs every queued work
     * in one SQLite transaction, each inside its own savepoint, and syncs once for all of them. A work that throws
     * is rolled back to its savepoint and its caller gets the exception; the others commit. A caller returns only
     * after the COMMIT that made its writes durable, so the guarantee is the same as one transaction per call,
     * and the order is a serial order. Works run on whichever request thread combines them, never concurrently.
     */
    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("storage write inside a transaction on the same thread (expected: use the Transaction)");
        }
        Pending<T> mine = new Pending<>(work, Thread.currentThread());
        pending.add(mine);
        while (!mine.done) {
            if (writeLock.tryLock()) {
                try {
                    checkOpen();
                    // combine: run batches while work is queued (a bounded number, then let a waiter take over)
                    for (int batches = 0; batches < MAX_BATCHES_PER_COMBINER && !pending.isEmpty(); batches++) {
                        commitBatch();
                    }
                } finally {
                    writeLock.unlock();
                }
                // work queued after the last batch started: wake its caller to combine it
                Pending<?> next = pending.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // the combiner unparks this caller when its work is done; the timeout covers a lost wake-up
                LockSupport.parkNanos(mine, WAIT_NANOS);
            }
        }
        return mine.outcome();
    }

    /** One queued transaction and, once done, its result or failure. */
    private static final class Pending<T> {
        final Function<Transaction, T> work;
        final Thread caller;
        T result;
        Throwable failure;
        volatile boolean done;

        Pending(Function<Transaction, T> work, Thread caller) {
            this.work = work;
            this.caller = caller;
        }

        void run(Transaction tx) {
            result = work.apply(tx);
        }

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new StorageException("sqlite: transaction failed: " + failure.getMessage(), failure);
            }
            return result;
        }
    }

    /** Runs up to {@link #MAX_BATCH} queued works in one transaction; called with the write lock held. */
    private void commitBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> next; batch.size() < MAX_BATCH && (next = pending.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            execute("BEGIN IMMEDIATE");
            boolean savepoints = batch.size() > 1;
            for (Pending<?> p : batch) {
                SqliteTransaction tx = new SqliteTransaction();
                if (savepoints) {
                    execute("SAVEPOINT work");
                }
                try {
                    p.run(tx);
                    tx.active = false;
                    if (savepoints) {
                        execute("RELEASE work");
                    }
                } catch (StorageException e) {
                    // a failed statement may have ended the whole transaction: fail the batch rather than guess
                    tx.active = false;
                    throw e;
                } catch (Throwable e) {
                    tx.active = false;
                    p.failure = e;
                    if (!savepoints) {
                        throw new WorkFailed(e);
                    }
                    execute("ROLLBACK TO work");
                    execute("RELEASE work");
                }
            }
            execute("COMMIT");
        } catch (WorkFailed e) {
            rollbackAfter(e.getCause());
        } catch (RuntimeException e) {
            rollbackAfter(e);
            for (Pending<?> p : batch) {
                if (p.failure == null) {
                    p.failure = e;
                }
            }
        } finally {
            for (Pending<?> p : batch) {
                p.done = true;
                LockSupport.unpark(p.caller);
            }
        }
    }

    /** The single work of a batch failed: roll back the transaction, the work keeps its own exception. */
    private static final class WorkFailed extends RuntimeException {
        WorkFailed(Throwable cause) {
            super(cause);
        }
    }

    @Override
    public int maxValueBytes() {
        return maxValueBytes;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            checkpointer.interrupt();
            synchronized (checkpointConnection) {
                closeQuietly(checkpointConnection);
            }
            closeQuietly(writer);
            allReaders.forEach(SqliteStorage::closeQuietly);
        } finally {
            writeLock.unlock();
        }
    }

    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(SqlWork<T> work) {
        checkOpen();
        Connection reader;
        try {
            reader = readers.poll(READER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("sqlite: interrupted while waiting for a read connection", e);
        }
        if (reader == null) {
            throw new StorageException("sqlite: no read connection free after " + READER_WAIT_SECONDS + " s");
        }
        try {
            checkOpen();
            return work.apply(reader);
        } catch (SQLException e) {
            throw new StorageException("sqlite: read failed: " + e.getMessage(), e);
        } finally {
            readers.add(reader);
        }
    }

    /** Checkpoints the write-ahead log into the database and truncates it, so deleted rows' old pages leave the WAL. */
    @Override
    public void purgeDeleted() {
        write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    private <T> T write(SqlWork<T> work) {
        lockWriter();
        try {
            return work.apply(writer);
        } catch (SQLException e) {
            throw new StorageException("sqlite: write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void lockWriter() {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("storage write inside a transaction on the same thread (expected: use the Transaction)");
        }
        writeLock.lock();
        if (closed) {
            writeLock.unlock();
            checkOpen();
        }
    }

    /** BEGIN, COMMIT and the savepoint statements, prepared once like every other statement (not anew for each batch). */
    private void execute(String sql) {
        try {
            statement(writer, sql).execute();
        } catch (SQLException e) {
            throw new StorageException("sqlite: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private void rollbackAfter(Throwable failure) {
        try (Statement st = writer.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("storage: closed");
        }
    }

    /*
     * Each connection is used by one thread at a time (the writer under its lock, a reader while taken from the
     * pool), so its statements are prepared once and reused: preparing the point query cost about a third of a
     * read, and preparing a put about as much as the insert. Closing a result set resets its statement; the
     * statements close with their connection.
     */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> mine = statements.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement ps = mine.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            mine.put(sql, ps);
        }
        return ps;
    }

    /* Every read takes the value from the kv row or, when big names one, from its kv_big row. */
    private static final String VALUE_COLUMNS = "kv.v, kv.big, kv_big.v FROM kv LEFT JOIN kv_big ON kv_big.id = kv.big";

    private Optional<byte[]> select(Connection c, String key) throws SQLException {
        PreparedStatement ps = statement(c, "SELECT " + VALUE_COLUMNS + " WHERE kv.k = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(value(rs, 1, key)) : Optional.empty();
        }
    }

    private ScanPage select(Connection c, String prefix, String startAfterOrNull, int limit) throws SQLException {
        Optional<ScanRange> range = ScanRange.of(prefix, startAfterOrNull);
        if (range.isEmpty()) {
            return new ScanPage(List.of(), false);
        }
        ScanRange r = range.get();
        String sql = "SELECT kv.k, " + VALUE_COLUMNS + " WHERE " + r.sqlCondition("kv.k") + " ORDER BY kv.k LIMIT ?";
        PreparedStatement ps = statement(c, sql);
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
                String key = rs.getString(1);
                entries.add(new Entry(key, value(rs, 2, key)));
            }
        }
        return new ScanPage(entries, more);
    }

    /* Writes run only on the writer connection, under the write lock; their statements come from the same cache. */
    private void upsert(Connection c, String key, byte[] value) throws SQLException {
        requireWriter(c);
        if (inline(key, value)) {
            PreparedStatement ps = statement(c, "INSERT INTO kv (k, v, big) VALUES (?, ?, NULL)"
                    + " ON CONFLICT (k) DO UPDATE SET v = excluded.v, big = NULL");
            ps.setString(1, key);
            ps.setBytes(2, value);
            ps.executeUpdate();
            return;
        }
        PreparedStatement big = statement(c, "INSERT INTO kv_big (v) VALUES (?) RETURNING id");
        big.setBytes(1, value);
        long id;
        try (ResultSet rs = big.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("INSERT INTO kv_big returned no id");
            }
            id = rs.getLong(1);
        }
        PreparedStatement ps = statement(c, "INSERT INTO kv (k, v, big) VALUES (?, x'', ?)"
                + " ON CONFLICT (k) DO UPDATE SET v = excluded.v, big = excluded.big");
        ps.setString(1, key);
        ps.setLong(2, id);
        ps.executeUpdate();
    }

    private boolean remove(Connection c, String key) throws SQLException {
        requireWriter(c);
        PreparedStatement ps = statement(c, "DELETE FROM kv WHERE k = ?");
        ps.setString(1, key);
        return ps.executeUpdate() > 0;
    }

    private void requireWriter(Connection c) {
        if (c != writer || !writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("writes run on the writer connection under the write lock");
        }
    }

    /**
     * The value of a row read with {@link #VALUE_COLUMNS} from {@code column}: the kv row's own (NOT NULL, so a null
     * from the driver can only be a zero-length blob) or, when big is set, its kv_big row's, which must exist.
     */
    private static byte[] value(ResultSet rs, int column, String key) throws SQLException {
        rs.getLong(column + 1);
        if (rs.wasNull()) {
            byte[] value = rs.getBytes(column);
            return value == null ? new byte[0] : value;
        }
        byte[] value = rs.getBytes(column + 2);
        if (value == null) {
            throw new StorageException("sqlite: the row of " + key + " refers to a large value that is missing (the database file was altered)");
        }
        return value;
    }

    private static Connection connect(Path file, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // Deleted rows are overwritten with zeros, so destroyed key material does not linger in free pages
        // where the root key could still open it.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // No key column is generated: without this the driver runs "SELECT last_insert_rowid()" after every insert
        // (a tenth of the audit writer's time).
        config.setGetGeneratedKeys(false);
        if (!queryOnly) {
            // The writer's page cache (SQLite's default is 2 MB): the b-tree pages every batch touches stay in it
            // instead of being read back from the log or the database file. (The checkpointer's connection gets the
            // same limit; a checkpoint copies frames without filling its cache.)
            config.setCacheSize(-WRITER_CACHE_KIB);
        }
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (queryOnly) {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA query_only = ON");
            } catch (SQLException e) {
                closeQuietly(connection);
                throw e;
            }
        }
        return connection;
    }

    private static void createDirectory(Path dataDir) {
        try {
            if (!Files.isDirectory(dataDir)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dataDir);
                }
            }
        } catch (IOException e) {
            throw new StorageException("sqlite: cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort; the data is already durable.
        }
    }

    /** Reads and writes on the writer connection inside BEGIN IMMEDIATE, so reads see own writes. */
    private final class SqliteTransaction implements Transaction {

        private boolean active = true;

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
            if (!active || !writeLock.isHeldByCurrentThread()) {
                throw new IllegalStateException("transaction: used after its work function returned or from another thread");
            }
            try {
                return work.apply(writer);
            } catch (SQLException e) {
                throw new StorageException("sqlite: transaction statement failed: " + e.getMessage(), e);
            }
        }
    }
}
