package dev.tejun.server.notify;

import dev.tejun.cmdb.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The drifting CMDB cells as the last drift look saw them ({@code drift_seen}), with the audit entry of that look
 * (position {@code drift}): what {@link DriftWatch} compares the next look with, across restarts.
 */
final class DriftSeen {

    private final Database db;
    private final AuditPosition position;

    DriftSeen(Database db) {
        this.db = db;
        this.position = new AuditPosition(db, "drift");
    }

    /** The cells the last look saw drifting, as {@link DriftWatch#key}; empty when no look was ever saved. */
    Optional<Set<String>> last() {
        return db.read(c -> {
            if (position.saved().isEmpty()) {
                return Optional.<Set<String>>empty();
            }
            Set<String> out = new HashSet<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT sheet, host, col FROM drift_seen")) {
                while (rs.next()) {
                    out.add(DriftWatch.key(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return Optional.of(out);
        });
    }

    /**
     * Saves {@code drifting} as the last look's, made after audit entry {@code auditId}; inside the write that audits
     * what the look found, so the two are saved together or not at all.
     */
    void save(Set<String> drifting, long auditId) {
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM drift_seen");
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO drift_seen (sheet, host, col) VALUES (?, ?, ?)")) {
                for (String k : drifting) {
                    String[] p = DriftWatch.parts(k);
                    ps.setString(1, p[0]);
                    ps.setString(2, p[1]);
                    ps.setString(3, p[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            position.save(auditId);
            return null;
        });
    }
}
