package dev.tejun.cmdb.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one Tejun database of a process, opened once and handed to every store (CMDB, users, tokens, audit, run
 * index, flows, schedules, events, activations). It owns the connections, their settings, transactions and the
 * migrations; stores never open a connection themselves, and never hold one between calls — the seam a second
 * backend (PostgreSQL with a pool) plugs into.
 *
 * <p>SQLite has one writer at a time, so writes go through one connection, one transaction at a time
 * ({@link #write}); a CLI beside the server has its own, and BEGIN IMMEDIATE with a busy timeout makes the two
 * queue rather than fail. Reads ({@link #read}) run on a few pooled read-only connections, each in its own
 * snapshot (WAL), so a long read (an Excel export, an audit verify) does not hold up an audit append. The
 * connections themselves are {@link SqliteDatabase}'s, as PostgreSQL's pools are {@link PostgresDatabase}'s: this
 * class has the transactions, the locks and what joins what, the same over both.
 * Work on a thread that is already inside {@link #write} joins that transaction.
 *
 * <p>On PostgreSQL ({@link #open(DatabaseSettings)} with a URL) the same methods sit over a HikariCP pool: a write
 * borrows a connection for its transaction, a read borrows a read-only one in a REPEATABLE READ snapshot. Writers of
 * one process still go one at a time, except the few {@link #writeBeside} (the run queue's moves, which other
 * servers' writers run beside anyway); the stores that read and then write (the audit chain takes the last hash, then
 * appends) also take {@link #lockFor} so that writers of other processes on the same database wait for them too.
 */
public final class Database implements AutoCloseable {

    /** One piece of work on a connection; the connection is lent for the call only. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work on one prepared statement ({@link #withStatement}); the statement is lent for the call only. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private static final int READERS = 8;

    /** {@link #writeBeside} transactions at once on PostgreSQL. */
    static final int BESIDE = 4;

    private final SqliteDatabase sqlite;
    private final PostgresDatabase postgres;
    /** Whichever of the two this database is on. */
    private final Connections connections;

    private final DatabaseSettings settings;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Semaphore readers = new Semaphore(READERS);
    private final Semaphore beside = new Semaphore(BESIDE);
    private final ThreadLocal<Connection> inWrite = new ThreadLocal<>();
    private final Set<String> migrated = ConcurrentHashMap.newKeySet();
    private final Wakeups wakeups;

    private volatile boolean closed;

    private Database(DatabaseSettings settings, SqliteDatabase sqlite, PostgresDatabase postgres) {
        this.settings = settings;
        this.sqlite = sqlite;
        this.postgres = postgres;
        this.connections = sqlite != null ? sqlite : postgres;
        this.wakeups = new Wakeups(settings, postgres != null);
    }

    /** Wake-ups for watchers of this database (LISTEN/NOTIFY on PostgreSQL), one listener per process. */
    public Wakeups wakeups() {
        return wakeups;
    }

    /**
     * How often this database's SQLite connections found the file locked (another process writing: a CLI beside the
     * server) and waited to try again; 0 on PostgreSQL, whose waits are its own.
     */
    public long busyRetries() {
        return sqlite == null ? 0 : sqlite.busyRetries();
    }

    /** Opens (creating it 0600 if needed) the SQLite file, e.g. {@code TEJUN_HOME/tejun.db}; nothing is migrated yet. */
    public static Database open(Path file) {
        Path absolute = file.toAbsolutePath();
        Database db = new Database(
                new DatabaseSettings(absolute.getParent(), null, null, null), new SqliteDatabase(absolute), null);
        try {
            db.sqlite.create();
            db.sqlite.writer(); // fails here, not at the first write, when the file cannot be opened
        } catch (SQLException e) {
            throw new DatabaseException(db.where(), e);
        }
        return db;
    }

    /**
     * Opens the database {@code settings} name: SQLite at {@code home/tejun.db}, or PostgreSQL (a pool; it fails
     * here when the server cannot be reached or refuses the user). Nothing is migrated yet.
     */
    public static Database open(DatabaseSettings settings) {
        if (!settings.postgresql()) {
            return open(settings.sqliteFile());
        }
        try {
            return new Database(settings, null, new PostgresDatabase(settings, READERS));
        } catch (SQLException e) {
            throw new DatabaseException(settings.where(), e);
        }
    }

    /**
     * The SQLite file; on PostgreSQL the name it would have. Keys and chain heads live beside it, in the data
     * folder ({@link #folder()}), whichever the backend.
     */
    public Path file() {
        return sqlite != null ? sqlite.file() : settings.sqliteFile().toAbsolutePath();
    }

    /** The data folder: keys and chain heads live there, whichever the backend. */
    public Path folder() {
        return file().getParent();
    }

    public Dialect dialect() {
        return sqlite != null ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** Where the database is, for messages: the SQLite file or the PostgreSQL URL (no password). */
    public String where() {
        return settings.where();
    }

    /**
     * Brings {@code schema} up to date, once per process (later calls return at once): each store asks for its own
     * schema as it is made, so whichever store comes first migrates it. Writers wait meanwhile.
     */
    public void migrate(Schema schema) {
        if (migrated.contains(schema.name())) {
            return;
        }
        writeLock.lock();
        try {
            if (migrated.contains(schema.name())) {
                return;
            }
            checkOpen();
            Migrator.migrate(connections.dataSource(), dialect(), schema);
            migrated.add(schema.name());
        } catch (SQLException e) {
            throw new DatabaseException(where(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} as one transaction, all or nothing; writers go one at a time. Inside another
     * {@code write} on this thread, it joins that transaction.
     */
    public <T> T write(Work<T> work) {
        return transaction(work, true);
    }

    /**
     * Runs {@code work} as one transaction, all or nothing, beside this process's other writers: on PostgreSQL it
     * does not wait for the one-at-a-time {@link #write} lock (at most {@link #BESIDE} at once, each on a connection
     * of its own); on SQLite, with one writer, it is {@link #write}. Only for work that needs no other writer of this
     * process kept out — a single-row insert, or an update that checks the state it leaves — as the writers of other
     * servers on the same database already run beside it: the run queue's moves. Work inside it joins it; inside
     * a {@link #write}, it joins that.
     */
    public <T> T writeBeside(Work<T> work) {
        if (postgres == null || inWrite.get() != null) {
            return write(work);
        }
        beside.acquireUninterruptibly();
        try {
            checkOpen();
            return transaction(postgres.writer(), work, true);
        } catch (SQLException e) {
            throw new DatabaseException(where(), e);
        } finally {
            beside.release();
        }
    }

    /** Runs {@code work} in a transaction that is always rolled back (what a change would do, without it). */
    public <T> T rolledBack(Work<T> work) {
        return transaction(work, false);
    }

    private <T> T transaction(Work<T> work, boolean commit) {
        Connection joined = inWrite.get();
        if (joined != null && commit) {
            return run(joined, work);
        }
        writeLock.lock();
        try {
            checkOpen();
            return transaction(connections.writer(), work, commit);
        } catch (SQLException e) {
            throw new DatabaseException(where(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on {@code c} as one transaction, committed or rolled back; work on this thread meanwhile joins
     * it. The connection is handed back after ({@link Connections#writerDone}).
     */
    private <T> T transaction(Connection c, Work<T> work, boolean commit) throws SQLException {
        c.setAutoCommit(false);
        inWrite.set(c);
        try {
            T result = work.run(c);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollback(c, e);
            throw e;
        } finally {
            inWrite.remove();
            try {
                c.setAutoCommit(true);
            } finally {
                connections.writerDone(c);
            }
        }
    }

    /**
     * Runs {@code work}, which only reads, in one snapshot of the database; reads run beside each other and beside
     * a write. A write attempted here fails. Inside {@link #write} on this thread, it reads that transaction.
     */
    public <T> T read(Work<T> work) {
        Connection joined = inWrite.get();
        if (joined != null) {
            return run(joined, work);
        }
        readers.acquireUninterruptibly();
        Connection c = null;
        boolean broken = false;
        try {
            checkOpen();
            c = connections.reader();
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback(); // ends the snapshot; it wrote nothing
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            broken = true;
            throw new DatabaseException(where(), e);
        } finally {
            if (c != null) {
                connections.readerDone(c, broken);
            }
            readers.release();
        }
    }

    /**
     * A new SQLite connection that can only read, for queries users write ({@code cmdb} cells): {@code prepare} runs
     * first (it may create temporary views), then the connection is sealed so that not even a temporary table
     * can be made. The caller closes it. On SQLite it is the database file opened read-only; on PostgreSQL an
     * in-memory SQLite copy of the tables whose names start with {@code tablePrefix}, taken in one snapshot
     * ({@link SqliteSnapshot}), so the SQL users write is SQLite's on both backends and never reaches PostgreSQL.
     */
    public Connection openQueryOnly(String tablePrefix, Work<Void> prepare) {
        Connection c = null;
        try {
            checkOpen();
            c = sqlite != null
                    ? sqlite.open(SqliteDatabase.Kind.READ_ONLY)
                    : read(pg -> SqliteSnapshot.of(pg, tablePrefix));
            prepare.run(c);
            SqliteDatabase.queryOnly(c);
            return c;
        } catch (SQLException e) {
            Connections.closeQuietly(c);
            throw new DatabaseException(where(), e);
        }
    }

    /**
     * Within the current {@link #write}, waits until no other process holds {@code name}'s lock, and holds it to the
     * end of the transaction: the stores that read and then write (the audit chain's last hash, a flow's next seq,
     * an alert rule's count) take it, so two servers on one PostgreSQL go one at a time through them. On PostgreSQL
     * an advisory transaction lock; on SQLite nothing, as BEGIN IMMEDIATE already lets one writer in at a time.
     */
    public void lockFor(String name) {
        Connection c = inWrite.get();
        if (c == null) {
            throw new IllegalStateException("lockFor(" + name + ") outside a write transaction");
        }
        if (postgres == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(where(), e);
        }
    }

    /**
     * Runs {@code work} on {@code sql} prepared on {@code c}, the connection lent to the current work. On SQLite's
     * one writer connection (inside a {@link #write}) the statement is kept prepared for the next call with the same
     * SQL ({@link SqliteDatabase#withStatement}); elsewhere (a reader, PostgreSQL's pool) it is prepared for this call
     * and closed after it. {@code sql} is a constant of the caller.
     */
    public <T> T withStatement(Connection c, String sql, StatementWork<T> work) throws SQLException {
        return connections.withStatement(c, sql, work, writeLock.isHeldByCurrentThread());
    }

    /** Runs an {@code INSERT … RETURNING id} (both backends have it) and answers the id it made. */
    public static long returnedId(PreparedStatement insert) throws SQLException {
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Closes every connection; work still running on a reader finishes first, then that reader closes. */
    @Override
    public void close() {
        wakeups.close();
        writeLock.lock();
        try {
            closed = true;
            connections.close();
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T run(Connection c, Work<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(where(), e);
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("closed");
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
