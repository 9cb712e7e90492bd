package dev.tejun.cmdb.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The PostgreSQL connections of a process: one HikariCP pool. A write borrows a connection for one transaction; a
 * read borrows one marked read-only in a REPEATABLE READ transaction, the same single snapshot a SQLite reader has.
 * The pool hands each connection back with the settings it had (read-only, isolation, auto-commit), so nothing set
 * for one piece of work leaks into the next. Only {@link Database} uses it.
 */
final class PostgresDatabase {

    /** Enough for a server: the writer (one at a time in a process, see Database), readers, Flyway. */
    private static final int POOL_SIZE = 10;

    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;

    PostgresDatabase(DatabaseSettings settings) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setPoolName("tejun");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.addDataSourceProperty("ApplicationName", "tejun");
        // Parameters bound with setString take the column's type, as SQLite lets them (a "1" into an INTEGER column).
        config.addDataSourceProperty("stringtype", "unspecified");
        try {
            // fails at once (no retry loop at start) when the server is not there or refuses the user
            config.setInitializationFailTimeout(1);
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SQLException("cannot connect: " + cause.getMessage(), e);
        }
    }

    Connection writer() throws SQLException {
        return pool.getConnection();
    }

    Connection reader() throws SQLException {
        Connection c = pool.getConnection();
        try {
            c.setReadOnly(true); // a write attempted in Database.read fails, as on SQLite's query_only readers
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** For Flyway, which borrows its own connections while it migrates. */
    DataSource dataSource() {
        return pool;
    }

    void close() {
        pool.close();
    }
}
