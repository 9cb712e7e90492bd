package dev.tejun.cmdb.db;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens connections to the Tejun SQLite file with the settings every connection needs: WAL journal (readers
 * do not block the writer), foreign keys on (off by default in SQLite), a busy timeout (so a second process,
 * e.g. the CLI beside the server, waits instead of failing) and synchronous=NORMAL (safe with WAL, and what
 * keeps one journaled update near a millisecond). Only {@link Database} uses it: the pragmas live here alone.
 *
 * <p>SQLite has one writer at a time, so every write transaction of the process runs on one connection, kept open
 * with the statements prepared on it; reads run on read-only connections kept idle between reads, each read in its
 * own snapshot (WAL).
 */
final class SqliteDatabase implements Connections {

    /** Statements kept prepared on the writer connection at most ({@link #withStatement}). */
    static final int KEPT_STATEMENTS = 32;

    private static final int BUSY_TIMEOUT_MS = 10_000;

    /** Which connection: the one writer, a pooled reader, or a user's read-only query. */
    enum Kind {
        WRITER,
        READER,
        READ_ONLY
    }

    private final Path file;
    private final LongAdder busyRetries = new LongAdder();
    /** The one writer; used only under Database's write lock, as is {@link #kept}. */
    private Connection writer;
    /** Statements prepared on {@link #writer} and kept, by their SQL. */
    private final Map<String, PreparedStatement> kept = new HashMap<>();
    /** Readers between reads, most recently used first; guarded by itself, as is {@link #closed}. */
    private final Deque<Connection> idleReaders = new ArrayDeque<>();

    private boolean closed;

    SqliteDatabase(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /** Creates the file (0600) and its folder if needed. */
    void create() throws SQLException {
        try {
            // SQLite makes its -wal and -shm files with the database file's mode, so they are 0600 too
            PrivateFiles.file(file);
        } catch (IOException e) {
            throw new SQLException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    Connection open(Kind kind) throws SQLException {
        Connection connection = DriverManager.getConnection(url(), config(kind).toProperties());
        try (Statement st = connection.createStatement()) {
            // instead of the driver's busy timeout: the same wait, and each retry counted (/metrics shows them)
            BusyHandler.setHandler(connection, new CountedWait());
            if (kind == Kind.WRITER) {
                st.execute("PRAGMA journal_mode=WAL");
            } else if (kind == Kind.READER) {
                // a pooled reader refuses writes, so work handed to Database.read that writes fails at once
                st.execute("PRAGMA query_only = 1");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public Connection writer() throws SQLException {
        if (writer == null || writer.isClosed()) {
            forgetKept(); // they belonged to the connection that closed
            writer = open(Kind.WRITER);
        }
        return writer;
    }

    @Override
    public void writerDone(Connection c) {
        // kept open for the next write
    }

    @Override
    public Connection reader() throws SQLException {
        synchronized (idleReaders) {
            Connection c = idleReaders.pollFirst();
            if (c != null) {
                return c;
            }
        }
        return open(Kind.READER);
    }

    @Override
    public void readerDone(Connection c, boolean broken) {
        synchronized (idleReaders) {
            if (!broken && !closed) {
                idleReaders.addFirst(c); // most recently used first: one reader serves a quiet process
                return;
            }
        }
        Connections.closeQuietly(c);
    }

    /**
     * On the writer connection (under the write lock) the statement is kept prepared for the next call with the same
     * SQL, its parameters cleared after each: the run index and the audit log write the same few statements in every
     * batch, and preparing them again cost more than running them. On a reader it is prepared for this call and
     * closed after it. At most {@link #KEPT_STATEMENTS} are kept, any further one is prepared each time.
     */
    @Override
    public <T> T withStatement(Connection c, String sql, Database.StatementWork<T> work, boolean underWriteLock)
            throws SQLException {
        if (c != writer || !underWriteLock) {
            return Connections.super.withStatement(c, sql, work, false);
        }
        PreparedStatement ps = kept.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            if (kept.size() >= KEPT_STATEMENTS) {
                try (PreparedStatement once = ps) {
                    return work.run(once);
                }
            }
            kept.put(sql, ps);
        }
        try {
            return work.run(ps);
        } finally {
            ps.clearParameters();
        }
    }

    @Override
    public void close() {
        forgetKept();
        Connections.closeQuietly(writer);
        writer = null;
        synchronized (idleReaders) {
            closed = true;
            idleReaders.forEach(Connections::closeQuietly);
            idleReaders.clear();
        }
    }

    private void forgetKept() {
        for (PreparedStatement ps : kept.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // its connection is closing or closed: nothing left to free
            }
        }
        kept.clear();
    }

    /** How often a connection found the file locked by another connection or process and waited to try again. */
    long busyRetries() {
        return busyRetries.sum();
    }

    /**
     * SQLite's own busy-timeout wait (its default handler's steps, 1 ms growing to 100 ms, up to
     * {@link #BUSY_TIMEOUT_MS} in all), counting each retry. Returning 0 gives up: the statement fails SQLITE_BUSY.
     */
    private final class CountedWait extends BusyHandler {
        private static final int[] DELAYS = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};

        @Override
        protected int callback(int before) {
            long waited = 0;
            for (int i = 0; i < before; i++) {
                waited += DELAYS[Math.min(i, DELAYS.length - 1)];
            }
            long delay = Math.min(DELAYS[Math.min(before, DELAYS.length - 1)], BUSY_TIMEOUT_MS - waited);
            if (delay <= 0) {
                return 0;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            busyRetries.increment();
            return 1;
        }
    }

    /** Seals a read-only connection once its temporary views exist: not even a temp table can be made then. */
    static void queryOnly(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA query_only = 1");
        }
    }

    /** For Flyway, which opens its own connections while it migrates. */
    @Override
    public DataSource dataSource() {
        SQLiteDataSource ds = new SQLiteDataSource(config(Kind.WRITER));
        ds.setUrl(url());
        return ds;
    }

    private String url() {
        return "jdbc:sqlite:" + file;
    }

    private static SQLiteConfig config(Kind kind) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setReadOnly(kind == Kind.READ_ONLY);
        // The driver otherwise prepares, runs and frees a "SELECT last_insert_rowid()" after every INSERT and UPDATE,
        // for getGeneratedKeys, which Tejun never calls (an id comes back through INSERT … RETURNING, as on
        // PostgreSQL): that was most of the statements prepared per run-record batch.
        config.setGetGeneratedKeys(false);
        // The writer takes the write lock at BEGIN: a deferred transaction that upgrades later can fail with
        // SQLITE_BUSY at once when another process writes, whereas BEGIN IMMEDIATE waits out the busy timeout.
        // A reader's BEGIN is deferred: it takes a snapshot and no lock.
        config.setTransactionMode(
                kind == Kind.WRITER ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
        return config;
    }
}
