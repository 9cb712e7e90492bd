package dev.tejun.cmdb.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The PostgreSQL connections of a process: two HikariCP pools. A write borrows a connection of the writers' pool for
 * one transaction; a read borrows one of the readers' pool, whose connections are read-only and REPEATABLE READ from
 * the start, so a read is its query and a rollback: the same single snapshot a SQLite reader has, without the
 * round trips that setting both at every borrow and resetting them at every return took (four a read). Each pool
 * hands a connection back with the settings it had, so nothing set for one piece of work leaks into the next. Only
 * {@link Database} uses it.
 */
final class PostgresDatabase implements Connections {

    /**
     * The writer (one at a time in a process, see Database), the writes beside it ({@link Database#BESIDE}) and
     * Flyway while it migrates.
     */
    private static final int WRITERS = 3 + Database.BESIDE;

    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;
    private final HikariDataSource readers;

    /** @param readers how many reads may run at once (Database's limit): the readers' pool's size */
    PostgresDatabase(DatabaseSettings settings, int readers) throws SQLException {
        this.pool = open(settings, "tejun", WRITERS, false);
        try {
            this.readers = open(settings, "tejun-readers", readers, true);
        } catch (SQLException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource open(DatabaseSettings settings, String name, int size, boolean reading)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        if (reading) {
            // a write attempted in Database.read fails, as on SQLite's query_only readers
            config.setReadOnly(true);
            config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        }
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.addDataSourceProperty("ApplicationName", "tejun");
        // Parameters bound with setString take the column's type, as SQLite lets them (a "1" into an INTEGER column).
        config.addDataSourceProperty("stringtype", "unspecified");
        try {
            // fails at once (no retry loop at start) when the server is not there or refuses the user
            config.setInitializationFailTimeout(1);
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SQLException("cannot connect: " + cause.getMessage(), e);
        }
    }

    @Override
    public Connection writer() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void writerDone(Connection c) {
        Connections.closeQuietly(c); // back to the pool
    }

    @Override
    public Connection reader() throws SQLException {
        return readers.getConnection();
    }

    @Override
    public void readerDone(Connection c, boolean broken) {
        Connections.closeQuietly(c); // back to the pool, which resets it
    }

    /** For Flyway, which borrows its own connections while it migrates. */
    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        readers.close();
        pool.close();
    }
}
