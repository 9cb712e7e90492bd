package dev.tejun.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.Json;
import dev.tejun.server.ApiException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unhandled queue: events no rule matched wait here (in {@code sched_events}) until a person acknowledges them,
 * and each can be turned into a rule, pre-filled from the event, for an editor to review and put in
 * {@code rules/*.yaml}.
 */
public final class UnhandledEvents {

    /** One waiting event. */
    public record Waiting(
            long id,
            Instant receivedAt,
            String source,
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            String fingerprint) {}

    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final Database db;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    UnhandledEvents(Database db, ObjectMapper json, java.time.Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /** The newest first. */
    public List<Waiting> list(int limit) {
        return db.read(c -> {
            List<Waiting> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, received_at, source, status, labels, annotations, fingerprint FROM sched_events
                    WHERE decision = 'no-match' AND handled_at IS NULL ORDER BY id DESC LIMIT ?""")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Waiting(
                                rs.getLong(1),
                                Instant.parse(rs.getString(2)),
                                rs.getString(3),
                                rs.getString(4),
                                read(rs.getString(5)),
                                read(rs.getString(6)),
                                rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    /** Takes the event out of the queue; 404 when it is not waiting there (unknown, matched, or acknowledged). */
    public void acknowledge(long id, String who, String note) {
        Instant at = clock.instant();
        int changed = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_events SET handled_by = ?, handled_at = ?, handled_note = ?
                    WHERE id = ? AND decision = 'no-match' AND handled_at IS NULL""")) {
                ps.setString(1, who);
                ps.setString(2, at.toString());
                ps.setString(3, note);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
        if (changed == 0) {
            throw ApiException.notFound("event " + id + " is not in the unhandled queue");
        }
    }

    /** Puts an event taken out of the queue back in it (what was to be done for it was refused). */
    void reopen(long id) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sched_events SET handled_by = NULL, handled_at = NULL, handled_note = NULL WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Replaces the note an event was acknowledged with. */
    void note(long id, String note) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sched_events SET handled_note = ? WHERE id = ?")) {
                ps.setString(1, note);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A rule that would match this event (its status and every label), as YAML for an editor to narrow and commit;
     * the target is left for them to fill in.
     */
    public String ruleDraft(long id) {
        Waiting w = list(Integer.MAX_VALUE).stream()
                .filter(e -> e.id() == id)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("event " + id + " is not in the unhandled queue"));
        ObjectNode rule = json.createObjectNode();
        String name = w.labels()
                .getOrDefault("alertname", w.source())
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-");
        rule.put("name", "handle-" + name);
        rule.put("status", w.status());
        ObjectNode when = rule.putObject("when");
        when.put("source", w.source());
        new TreeMap<>(w.labels()).forEach((k, v) -> when.put("labels." + k, v));
        rule.put("run", "CHOOSE/a-runbook.md");
        ObjectNode root = json.createObjectNode();
        root.putArray("rules").add(rule);
        try {
            return Json.YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
