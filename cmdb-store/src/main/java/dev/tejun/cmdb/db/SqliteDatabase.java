package dev.tejun.cmdb.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to the Tejun SQLite file with the settings every connection needs: WAL journal (readers
 * do not block the writer), foreign keys on (off by default in SQLite), a busy timeout (so a second process,
 * e.g. the CLI beside the server, waits instead of failing) and synchronous=NORMAL (safe with WAL, and what
 * keeps one journaled update near a millisecond).
 */
public final class SqliteDatabase {

    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;

    public SqliteDatabase(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** A read-write connection; creates the file and its folder if needed. */
    public Connection open() throws SQLException {
        try {
            // SQLite makes its -wal and -shm files with the database file's mode, so they are 0600 too
            PrivateFiles.file(file);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + file.getParent(), e);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config(false).toProperties());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        }
        return connection;
    }

    /** A connection that refuses every write, for user-written queries ({@code cmdb} cells). */
    public Connection openReadOnly() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file, config(true).toProperties());
    }

    private static SQLiteConfig config(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            // Take the write lock at BEGIN: a deferred transaction that upgrades later can fail with SQLITE_BUSY
            // at once when another process writes, whereas BEGIN IMMEDIATE waits out the busy timeout.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return config;
    }
}
