package dev.tejun.cmdb.db;

import java.sql.SQLException;

/** The database failed (file unreadable, disk full, locked too long, corrupt): not the caller's fault. */
public final class DatabaseException extends RuntimeException {

    DatabaseException(String where, SQLException cause) {
        super("database " + where + ": " + cause.getMessage(), cause);
    }

    /** The SQLite (or JDBC) error underneath. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
