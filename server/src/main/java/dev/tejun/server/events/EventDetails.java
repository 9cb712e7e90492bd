package dev.tejun.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.server.ApiException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/events/{id}}: one event with everything known about it in one answer — what came in (labels,
 * annotations, fields), what the rules decided and why, the action and its run, who acknowledged it, the events it is
 * linked to (the firing event a resolved one closed, the repeats of an open alert) and, for a correlating rule, the
 * window its key has collected so far.
 */
public final class EventDetails {

    /** Who acknowledged an unhandled event, when, and why nothing needed doing; null fields while it waits. */
    public record Handled(String by, Instant at, String note) {}

    /** A value a correlating rule's window holds, and when it came. */
    public record WindowValue(String value, Instant seenAt) {}

    /**
     * @param event       the row as {@code GET /api/events} lists it (decision, rule, key, target, params, run)
     * @param handled     null unless a person acknowledged it
     * @param related     linked events, oldest first
     * @param correlation the open window of the event's rule and key; empty for rules that do not correlate
     */
    public record Detail(
            EventRows.Row event,
            Map<String, String> annotations,
            Map<String, String> fields,
            Handled handled,
            List<EventRows.Row> related,
            List<WindowValue> correlation) {}

    /** The columns the list leaves out. */
    private record Stored(Map<String, String> annotations, Map<String, String> fields, Handled handled) {}

    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final EventRows rows;
    private final Database db;
    private final ObjectMapper json;

    EventDetails(EventStore store, ObjectMapper json) {
        this.rows = new EventRows(store);
        this.db = store.database();
        this.json = json;
    }

    public Detail of(long id) {
        EventRows.Row row = rows.one(id).orElseThrow(() -> new ApiException(404, "no event " + id));
        Stored extra = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT annotations, fields, handled_by, handled_at, handled_note FROM sched_events WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Handled h = rs.getString(4) == null
                            ? null
                            : new Handled(rs.getString(3), Instant.parse(rs.getString(4)), rs.getString(5));
                    return new Stored(map(rs.getString(1)), map(rs.getString(2)), h);
                }
            }
        });
        return new Detail(
                row,
                extra.annotations(),
                extra.fields(),
                extra.handled(),
                rows.relatedTo(id, row.relatedEvent()),
                "correlating".equals(row.decision()) ? window(row.rule(), row.key()) : List.of());
    }

    private List<WindowValue> window(String rule, String key) {
        return db.read(c -> {
            List<WindowValue> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT value, seen_at FROM event_correlations WHERE rule = ? AND match_key = ? ORDER BY seen_at")) {
                ps.setString(1, rule);
                ps.setString(2, key == null ? "" : key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WindowValue(rs.getString(1), Instant.parse(rs.getString(2))));
                    }
                }
            }
            return out;
        });
    }

    private Map<String, String> map(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
