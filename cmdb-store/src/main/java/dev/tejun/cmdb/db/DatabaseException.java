package dev.tejun.cmdb.db;

import java.nio.file.Path;
import java.sql.SQLException;

/** The database failed (file unreadable, disk full, locked too long, corrupt): not the caller's fault. */
public final class DatabaseException extends RuntimeException {

    DatabaseException(Path file, SQLException cause) {
        super("database " + file + ": " + cause.getMessage(), cause);
    }

    /** The SQLite (or JDBC) error underneath. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
