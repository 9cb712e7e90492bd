package dev.tejun.server.notify;

import dev.tejun.cmdb.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * The {@code notify_position} table: how far a reader of the audit log got, by name ({@code notices}, {@code
 * drift}), saved in the transaction that writes what the reader made of the entries up to there, so a server killed
 * in between goes on from the last saved entry: nothing is skipped, nothing made twice.
 */
final class AuditPosition {

    private final Database db;
    private final String name;

    AuditPosition(Database db, String name) {
        this.db = db;
        this.name = name;
    }

    /** The saved position, if the reader ever saved one; inside a write, what that transaction sees. */
    OptionalLong saved() {
        return db.read(this::saved);
    }

    /**
     * The saved position (0 when none) and the newest entry's id, read in one snapshot: what a follower asks each
     * time it is woken, one read rather than two.
     */
    long[] savedAndNewest() {
        return db.read(c -> new long[] {saved(c).orElse(0), newest(c)});
    }

    private OptionalLong saved(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT audit_id FROM notify_position WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Saves {@code auditId} as the position; call inside the write that stores what the entries became. */
    void save(long auditId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notify_position SET audit_id = ? WHERE name = ?")) {
                ps.setLong(1, auditId);
                ps.setString(2, name);
                if (ps.executeUpdate() == 0) {
                    insert(c, auditId);
                }
            }
            return null;
        });
    }

    private void insert(Connection c, long auditId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_position (name, audit_id) VALUES (?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, auditId);
            ps.executeUpdate();
        }
    }

    /** The id of the newest audit entry, 0 when the log is empty. */
    long newest() {
        return db.read(AuditPosition::newest);
    }

    private static long newest(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(id) FROM audit_log")) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }
}
