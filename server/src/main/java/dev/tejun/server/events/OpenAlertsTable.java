package dev.tejun.server.events;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.alert.OpenAlerts;
import dev.tejun.server.audit.ServerSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The alerts firing now in {@code event_alerts}, so de-duplication and resolved matching survive a restart. */
public final class OpenAlertsTable implements OpenAlerts {

    private static final String FIRING = "firing";

    private final Database db;

    public OpenAlertsTable(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    @Override
    public Open firing(String fingerprint, long eventId, Instant at) {
        return db.write(c -> {
            Open was = open(c, fingerprint);
            if (was != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE event_alerts SET repeats = repeats + 1, last_seen = ? WHERE fingerprint = ?")) {
                    ps.setString(1, at.toString());
                    ps.setString(2, fingerprint);
                    ps.executeUpdate();
                }
                return was;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO event_alerts (fingerprint, state, first_event, acted_event, opened_at, last_seen, repeats)
                    VALUES (?, 'firing', ?, NULL, ?, ?, 0)
                    ON CONFLICT (fingerprint) DO UPDATE SET state = 'firing', first_event = excluded.first_event,
                      acted_event = NULL, opened_at = excluded.opened_at, last_seen = excluded.last_seen, repeats = 0,
                      resolved_by = NULL""")) {
                ps.setString(1, fingerprint);
                ps.setLong(2, eventId);
                ps.setString(3, at.toString());
                ps.setString(4, at.toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void acted(String fingerprint, long eventId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE event_alerts SET acted_event = ? WHERE fingerprint = ? AND state = 'firing'")) {
                ps.setLong(1, eventId);
                ps.setString(2, fingerprint);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Long resolved(String fingerprint, long eventId, Instant at) {
        return db.write(c -> {
            Open was = open(c, fingerprint);
            if (was == null) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE event_alerts SET state = 'resolved', resolved_by = ?, last_seen = ? WHERE fingerprint = ?")) {
                ps.setLong(1, eventId);
                ps.setString(2, at.toString());
                ps.setString(3, fingerprint);
                ps.executeUpdate();
            }
            return was.firstEvent();
        });
    }

    private static Open open(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT first_event, acted_event FROM event_alerts WHERE fingerprint = ? AND state = ?")) {
            ps.setString(1, fingerprint);
            ps.setString(2, FIRING);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long first = rs.getLong(1);
                long acted = rs.getLong(2);
                // wasNull speaks of the column read last: acted_event, NULL until a run acted on the alert
                return new Open(first, rs.wasNull() ? null : acted);
            }
        }
    }
}
