package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Migrations;
import dev.tejun.cmdb.db.SqliteDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The server's own tables (users, tokens, audit log, run index) in the shared {@code tejun.db}, migrated from
 * {@code db/migration/server}. Each unit of work gets its own connection: SQLite opens in microseconds, and a
 * connection per call keeps threads and the CLI beside the server from sharing transaction state.
 */
public final class ServerDatabase {

    /** One piece of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final SqliteDatabase db;

    public ServerDatabase(Path file) {
        this.db = new SqliteDatabase(file);
        with(c -> Migrations.apply(c, ServerDatabase.class.getClassLoader(), "db/migration/server"));
    }

    public Path file() {
        return db.file();
    }

    public <T> T with(Work<T> work) {
        try (Connection c = db.open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database " + db.file() + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction (BEGIN IMMEDIATE: writers queue instead of failing). */
    public <T> T inTransaction(Work<T> work) {
        return with(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }
}
