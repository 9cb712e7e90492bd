package dev.tejun.server.events;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The outcome history of events — event → rule → action → result — as one row per event: filtered for people, exported
 * whole as training data (JSON, CSV, Excel), and counted per rule and per time bucket for the Events page's chart.
 * Oldest first, so an export reads as it happened.
 */
public final class EventHistory {

    /** The columns of a row, in order: what CSV and Excel exports head their tables with. */
    static final List<String> COLUMNS = List.of(
            "id",
            "received_at",
            "source",
            "status",
            "labels",
            "fingerprint",
            "related_event",
            "decision",
            "rule",
            "match_key",
            "target",
            "params",
            "reason",
            "attempts",
            "run_status",
            "run_id",
            "run_message",
            "finished_at");

    /** Which events: each part null for any; {@code limit} at most. */
    record Filter(Instant from, Instant to, String source, String rule, String decision, String status, int limit) {

        /** The filter of a request's query: {@code from}, {@code to}, {@code source}, {@code rule}, … */
        static Filter of(java.util.function.Function<String, String> query, int maxLimit) {
            int limit = maxLimit;
            String l = blank(query.apply("limit"));
            if (l != null) {
                if (!l.matches("\\d{1,7}") || Integer.parseInt(l) < 1) {
                    throw ApiException.badRequest("limit must be a whole number from 1 to " + maxLimit);
                }
                limit = Math.min(maxLimit, Integer.parseInt(l));
            }
            return new Filter(
                    RequestBodies.instant("from", query.apply("from")),
                    RequestBodies.instant("to", query.apply("to")),
                    blank(query.apply("source")),
                    blank(query.apply("rule")),
                    blank(query.apply("decision")),
                    blank(query.apply("status")),
                    limit);
        }
    }

    /** How many events one rule decided, how many of its actions ran, and how those ended. */
    public record RuleCount(String rule, long hits, long runs, long ok, long failed) {}

    /** Events received and actions decided in one time bucket (its start, as text: {@code 2026-12-04T22:53}). */
    public record Bucket(String at, long events, long actions) {}

    /** What the Events page charts. */
    public record Counts(String bucket, List<RuleCount> rules, List<Bucket> buckets) {}

    /** Decisions that act: a run, or a run waiting on an approver or a time. */
    private static final String ACTS = "('run', 'held', 'waiting')";

    private final Database db;

    EventHistory(Database db) {
        this.db = db;
    }

    /** Each matching event's row (values in {@link #COLUMNS}' order), oldest first. */
    void forEach(Filter f, Consumer<List<String>> row) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, received_at, source, status, labels, fingerprint, related_event, decision, rule,
                      match_key, target, params, reason, attempts, run_status, run_id, run_message, finished_at
                    FROM sched_events""" + where + " ORDER BY id LIMIT ?")) {
                int i = bind(ps, args);
                ps.setInt(i, f.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> values = new ArrayList<>(COLUMNS.size());
                        for (int col = 1; col <= COLUMNS.size(); col++) {
                            values.add(rs.getString(col));
                        }
                        row.accept(values);
                    }
                }
            }
            return null;
        });
    }

    /** The rows of {@link #forEach} as objects named by column (JSON). */
    List<Map<String, String>> list(Filter f) {
        List<Map<String, String>> out = new ArrayList<>();
        forEach(f, values -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                m.put(COLUMNS.get(i), values.get(i));
            }
            out.add(m);
        });
        return out;
    }

    /**
     * Hits per rule and events per bucket ({@code minute}, {@code hour} or {@code day}) among the events {@code f}
     * selects (its limit does not apply: counts are over all of them).
     */
    Counts counts(Filter f, String bucket) {
        int width = switch (bucket == null ? "hour" : bucket) {
            case "minute" -> 16;
            case "hour" -> 13;
            case "day" -> 10;
            default -> throw ApiException.badRequest("bucket must be minute, hour or day, not '" + bucket + "'");
        };
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        return db.read(c -> {
            List<RuleCount> rules = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule, COUNT(*), SUM(CASE WHEN decision IN " + ACTS
                    + " THEN 1 ELSE 0 END), SUM(CASE WHEN run_status IN ('ok', 'warning') THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN run_status IS NOT NULL AND run_status NOT IN ('ok', 'warning') THEN 1 ELSE 0 END)"
                    + " FROM sched_events" + where + (where.isEmpty() ? " WHERE" : " AND")
                    + " rule IS NOT NULL GROUP BY rule ORDER BY COUNT(*) DESC, rule")) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rules.add(new RuleCount(
                                rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    }
                }
            }
            List<Bucket> buckets = new ArrayList<>();
            String at = "SUBSTR(received_at, 1, " + width + ")";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + at + ", COUNT(*), SUM(CASE WHEN decision IN "
                    + ACTS + " THEN 1 ELSE 0 END) FROM sched_events" + where + " GROUP BY " + at + " ORDER BY " + at)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        buckets.add(new Bucket(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return new Counts(bucket == null ? "hour" : bucket, rules, buckets);
        });
    }

    private static String where(Filter f, List<Object> args) {
        List<String> parts = new ArrayList<>();
        if (f.from() != null) {
            parts.add("received_at >= ?");
            args.add(StoredInstant.text(f.from()));
        }
        if (f.to() != null) {
            parts.add("received_at < ?");
            args.add(StoredInstant.text(f.to()));
        }
        if (f.source() != null) {
            parts.add("source = ?");
            args.add(f.source());
        }
        if (f.rule() != null) {
            parts.add("rule = ?");
            args.add(f.rule());
        }
        if (f.decision() != null) {
            parts.add("decision = ?");
            args.add(f.decision());
        }
        if (f.status() != null) {
            parts.add("status = ?");
            args.add(f.status());
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    /** Binds {@code args} from the first parameter; answers the next parameter's index. */
    private static int bind(PreparedStatement ps, List<Object> args) throws java.sql.SQLException {
        int i = 1;
        for (Object a : args) {
            ps.setString(i++, (String) a);
        }
        return i;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
