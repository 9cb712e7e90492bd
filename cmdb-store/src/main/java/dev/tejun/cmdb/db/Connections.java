package dev.tejun.cmdb.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The connections of one backend, as {@link Database} borrows them for its transactions and reads: SQLite's one
 * writer and its idle readers ({@link SqliteDatabase}), or PostgreSQL's two pools ({@link PostgresDatabase}). What
 * a transaction is, who may write when, and what joins what stay in {@code Database}, the same on both.
 */
interface Connections {

    /**
     * The connection for one write transaction. On SQLite its one writer, so only under {@code Database}'s write lock;
     * on PostgreSQL one of the writers' pool.
     */
    Connection writer() throws SQLException;

    /** Back from a write transaction: SQLite keeps its writer open; PostgreSQL's goes back to its pool. */
    void writerDone(Connection c);

    /** A connection that can only read, for one snapshot. */
    Connection reader() throws SQLException;

    /** Back from a read; {@code broken}: it failed, so it is closed rather than kept. */
    void readerDone(Connection c, boolean broken);

    /**
     * Runs {@code work} on {@code sql} prepared on {@code c}, then closes the statement. {@code underWriteLock}: the
     * caller holds {@code Database}'s write lock (where SQLite keeps its writer's statements prepared instead).
     */
    default <T> T withStatement(Connection c, String sql, Database.StatementWork<T> work, boolean underWriteLock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return work.run(ps);
        }
    }

    /** For Flyway, which opens or borrows its own connections while it migrates. */
    DataSource dataSource();

    /** Closes every connection (under {@code Database}'s write lock); a reader still lent closes when it comes back. */
    void close();

    /** Closes {@code c}, whatever it says. */
    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with it
        }
    }
}
