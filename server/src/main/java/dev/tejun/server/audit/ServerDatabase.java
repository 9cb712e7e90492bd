package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Migrations;
import dev.tejun.cmdb.db.SqliteDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's own tables (users, tokens, audit log, run index) in the shared {@code tejun.db}, migrated from
 * {@code db/migration/server}. One connection serves every call, one call at a time: opening a SQLite connection
 * (file, WAL, schema) costs about a millisecond, and a cell run touches these tables several times. A CLI beside
 * the server has its own connection; BEGIN IMMEDIATE makes writers queue rather than fail.
 */
public final class ServerDatabase implements AutoCloseable {

    /** One piece of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final SqliteDatabase db;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private boolean closed;

    public ServerDatabase(Path file) {
        this.db = new SqliteDatabase(file);
        with(c -> Migrations.apply(c, ServerDatabase.class.getClassLoader(), "db/migration/server"));
    }

    public Path file() {
        return db.file();
    }

    public <T> T with(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection());
        } catch (SQLException e) {
            throw new IllegalStateException("database " + db.file() + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction (BEGIN IMMEDIATE: writers queue instead of failing). */
    public <T> T inTransaction(Work<T> work) {
        return with(c -> {
            if (!c.getAutoCommit()) {
                return work.run(c); // already inside a transaction of this thread: join it
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("closed");
        }
        if (connection == null || connection.isClosed()) {
            connection = db.open();
        }
        return connection;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } catch (SQLException ignored) {
            // closing: nothing left to do with it
        } finally {
            lock.unlock();
        }
    }
}
