package dev.tejun.server.events;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code sched_events} rows as GET /api/events and an event's page show them; the writes are {@link EventStore}'s. */
public final class EventRows {

    /** One row as GET /api/events shows it. */
    public record Row(
            long id,
            Instant receivedAt,
            String source,
            String status,
            Map<String, String> labels,
            String decision,
            String rule,
            String key,
            String target,
            Map<String, String> params,
            String reason,
            int attempts,
            String runStatus,
            String runId,
            String evidence,
            String runMessage,
            Instant finishedAt,
            String fingerprint,
            Long relatedEvent) {}

    private final EventStore store;

    EventRows(EventStore store) {
        this.store = store;
    }

    /** The newest events first, at most {@code limit}. */
    public List<Row> recent(int limit) {
        return rows("ORDER BY id DESC LIMIT ?", limit);
    }

    /** One event as the list shows it, or empty when there is no such event. */
    public java.util.Optional<Row> one(long id) {
        return rows("WHERE id = ?", id).stream().findFirst();
    }

    /** The events another one points at or is pointed at by ({@code related_event}), and {@code id}'s own, oldest first. */
    List<Row> relatedTo(long id, Long relatesTo) {
        return rows(
                "WHERE id <> ? AND (related_event = ? OR id = ?) ORDER BY id LIMIT 50",
                id,
                id,
                relatesTo == null ? -1 : relatesTo);
    }

    private List<Row> rows(String where, long... values) {
        return store.database().read(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, received_at, source, status, labels, decision, rule, match_key, target, params, reason,
                  attempts, run_status, run_id, evidence, run_message, finished_at, fingerprint, related_event
                FROM sched_events\s""" + where)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setLong(i + 1, values[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(
                                rs.getLong(1),
                                Instant.parse(rs.getString(2)),
                                rs.getString(3),
                                rs.getString(4),
                                store.read(rs.getString(5)),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10) == null ? null : store.read(rs.getString(10)),
                                rs.getString(11),
                                rs.getInt(12),
                                rs.getString(13),
                                rs.getString(14),
                                rs.getString(15),
                                rs.getString(16),
                                rs.getString(17) == null ? null : Instant.parse(rs.getString(17)),
                                rs.getString(18),
                                related(rs)));
                    }
                }
            }
            return out;
        });
    }

    private static Long related(ResultSet rs) throws java.sql.SQLException {
        long id = rs.getLong(19);
        return rs.wasNull() ? null : id;
    }
}
