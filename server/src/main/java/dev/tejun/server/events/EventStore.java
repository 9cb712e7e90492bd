package dev.tejun.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.alert.AlertDispatcher;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.Decision;
import dev.tejun.kernel.alert.EventLedger;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.server.audit.ServerSchema;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The {@code sched_events} table: one row per received event, updated with its decision and its run. */
public final class EventStore implements EventLedger, AutoCloseable {

    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final Database db;
    private final ObjectMapper json;
    /** This server's name: the owner of the runs it decides (on a cluster, only it waits for them). */
    private final String owner;

    public EventStore(Database db, ObjectMapper json, String owner) {
        this.db = db;
        this.json = json;
        this.owner = owner;
        db.migrate(ServerSchema.SCHEMA);
    }

    /** One transaction for an event's records (the ledger rows, its identity, its decision and the open alerts). */
    @Override
    public <T> T together(java.util.function.Supplier<T> work) {
        return db.write(c -> work.get());
    }

    /** The database the events are kept in, which the other event tables share. */
    Database database() {
        return db;
    }

    @Override
    public long received(AlertEvent event, Instant at) {
        String labels = write(event.labels());
        String annotations = write(event.annotations());
        String fields = write(event.fields());
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sched_events (received_at, source, status, labels, annotations, fields)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
                ps.setString(1, StoredInstant.text(at));
                ps.setString(2, event.source());
                ps.setString(3, event.status());
                ps.setString(4, labels);
                ps.setString(5, annotations);
                ps.setString(6, fields);
                return Database.returnedId(ps);
            }
        });
    }

    @Override
    public void decided(long eventId, Decision d, Instant at) {
        String rule = null;
        String key = null;
        String target = null;
        String params = null;
        String reason = null;
        switch (d) {
            case Decision.NoMatch n -> reason = "no rule matched";
            case Decision.Suppressed s -> {
                rule = s.rule().id();
                key = s.key();
                reason = s.reason();
            }
            case Decision.Refused r -> {
                rule = r.rule().id();
                reason = r.reason();
            }
            case Decision.Correlating cor -> {
                rule = cor.rule().id();
                key = cor.key();
                target = cor.rule().target().name();
                reason = cor.have() + " of " + cor.need() + " events within "
                        + cor.rule().correlate().within();
            }
            case Decision.Duplicate dup -> {
                rule = dup.rule().id();
                target = dup.rule().target().name();
                reason = "the alert is still open; event " + dup.ofEvent() + " already ran " + target;
            }
            case Decision.Inactive i -> {
                rule = i.rule().id();
                target = i.rule().target().name();
                reason = i.reason();
            }
            case Decision.Run r -> {
                rule = r.rule().id();
                key = r.key();
                target = r.target().name();
                params = write(r.params());
            }
            case Decision.Held h -> {
                rule = h.rule().id();
                key = h.key();
                target = h.rule().target().name();
                params = write(h.params());
                reason = EventService.HELD;
            }
            case Decision.Waiting w -> {
                rule = w.rule().id();
                key = w.key();
                target = w.rule().target().name();
                params = write(w.params());
                reason = "runs at " + w.until() + " unless a cancelling event comes first";
            }
            case Decision.Staged st -> {
                rule = st.rule().id();
                key = st.key();
                target = st.rule().target().name();
                params = write(st.params());
                reason = EventService.STAGED;
            }
        }
        String[] values = {d.kind(), rule, key, target, params, reason, owner};
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_events SET decision = ?, rule = ?, match_key = ?, target = ?, params = ?, reason = ?,
                      owner = ? WHERE id = ?""")) {
                for (int i = 0; i < values.length; i++) {
                    ps.setString(i + 1, values[i]);
                }
                ps.setLong(8, eventId);
                return ps.executeUpdate();
            }
        });
    }

    /** An event's decision becomes {@code refused} with {@code reason}, its rule kept (a wait that cannot go on). */
    public void refused(long eventId, String reason) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE sched_events SET decision = 'refused', reason = ? WHERE id = ?")) {
                ps.setString(1, reason);
                ps.setLong(2, eventId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void identified(long eventId, String fingerprint, Long related) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE sched_events SET fingerprint = ?, related_event = ? WHERE id = ?")) {
                ps.setString(1, fingerprint);
                if (related == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, related);
                }
                ps.setLong(3, eventId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The started run's id, with no status until it ends: the event's outcome reads as going on (with the run or flow
     * instance it can be followed in), and a restarted server follows that run ({@link #claimUnfinished}).
     */
    @Override
    public void launched(long eventId, int attempt, String runId, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_events SET run_status = NULL, run_id = ?, evidence = NULL, run_message = NULL
                    WHERE id = ?""")) {
                ps.setString(1, runId);
                ps.setLong(2, eventId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void attempted(long eventId, int attempt, RunResult result, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_events SET attempts = ?, run_status = ?, run_id = ?, evidence = ?, run_message = ?,
                      finished_at = ? WHERE id = ?""")) {
                ps.setInt(1, attempt);
                ps.setString(2, result.status());
                ps.setString(3, result.runId());
                ps.setString(4, result.evidence());
                ps.setString(5, result.message());
                ps.setString(6, StoredInstant.text(at));
                ps.setLong(7, eventId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Runs chosen for events received since {@code since} that did not end ok and whose owner (the server that
     * decided them, null for rows from before owners) {@code free} lets this server take: each claimed for this
     * server first (of two servers claiming one, one wins), then returned with the attempts made, for
     * {@link AlertDispatcher#resume} (it decides by the rules which still get a retry).
     */
    public List<AlertDispatcher.Unfinished> claimUnfinished(Instant since, Predicate<String> free) {
        record Left(AlertDispatcher.Unfinished run, String owner) {}
        List<Left> left = db.read(c -> {
            List<Left> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, rule, match_key, target, params, attempts, finished_at, owner, run_status, run_id
                FROM sched_events
                WHERE decision = 'run' AND received_at >= ? AND (run_status IS NULL OR run_status NOT IN ('ok', 'warning'))
                ORDER BY id""")) {
                ps.setString(1, StoredInstant.text(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Left(
                                new AlertDispatcher.Unfinished(
                                        rs.getLong(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        new Target(rs.getString(4)),
                                        rs.getString(5) == null ? Map.of() : read(rs.getString(5)),
                                        rs.getInt(6),
                                        rs.getString(7) == null ? null : Instant.parse(rs.getString(7)),
                                        // a run started and not ended: launched, followed to its end
                                        rs.getString(9) == null ? rs.getString(10) : null),
                                rs.getString(8)));
                    }
                }
            }
            return out;
        });
        return left.stream()
                .filter(l -> free.test(l.owner()) && claim(l.run().eventId(), l.owner()))
                .map(Left::run)
                .toList();
    }

    /** This server's name, the owner it writes. */
    public String owner() {
        return owner;
    }

    /** Makes this server the owner of {@code eventId}'s run if {@code from} still is: false when another took it. */
    private boolean claim(long eventId, String from) {
        return db.write(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE sched_events SET owner = ? WHERE id = ? AND COALESCE(owner, '') = ?")) {
                        ps.setString(1, owner);
                        ps.setLong(2, eventId);
                        ps.setString(3, from == null ? "" : from);
                        return ps.executeUpdate();
                    }
                })
                == 1;
    }

    /** The events received since {@code since}, oldest first, at most {@code limit}: what a draft is replayed on. */
    public List<dev.tejun.kernel.alert.Replay.Recorded> recorded(Instant since, int limit) {
        return db.read(c -> {
            List<dev.tejun.kernel.alert.Replay.Recorded> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, received_at, source, status, labels, annotations, fields, decision, rule FROM sched_events
                WHERE received_at >= ? ORDER BY id LIMIT ?""")) {
                ps.setString(1, StoredInstant.text(since));
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AlertEvent e = new AlertEvent(
                                rs.getString(3),
                                rs.getString(4),
                                read(rs.getString(5)),
                                read(rs.getString(6)),
                                read(rs.getString(7)));
                        out.add(new dev.tejun.kernel.alert.Replay.Recorded(
                                rs.getLong(1),
                                Instant.parse(rs.getString(2)),
                                e,
                                rs.getString(8) == null ? "undecided" : rs.getString(8),
                                rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    /** A match waiting for its time ("A not followed by B"): the event, when it came and its rule. */
    public record WaitingRow(long id, AlertEvent event, Instant at, String rule) {}

    /** The events whose match still waits (a stopped server's too), oldest first. */
    public List<WaitingRow> waiting() {
        return db.read(c -> {
            List<WaitingRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, received_at, source, status, labels, annotations, fields, rule FROM sched_events
                WHERE decision = 'waiting' ORDER BY id""")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AlertEvent e = new AlertEvent(
                                rs.getString(3),
                                rs.getString(4),
                                read(rs.getString(5)),
                                read(rs.getString(6)),
                                read(rs.getString(7)));
                        out.add(new WaitingRow(rs.getLong(1), e, Instant.parse(rs.getString(2)), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    /** A held event's rule, key and params, while it is still held. */
    public record HeldRow(String rule, String key, Map<String, String> params) {}

    /** The rule, key and params of event {@code id} while it is held; empty once it is not. */
    public java.util.Optional<HeldRow> held(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rule, match_key, params FROM sched_events WHERE id = ? AND decision = 'held'")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? java.util.Optional.of(new HeldRow(
                                    rs.getString(1),
                                    rs.getString(2) == null ? "" : rs.getString(2),
                                    rs.getString(3) == null ? Map.of() : read(rs.getString(3))))
                            : java.util.Optional.<HeldRow>empty();
                }
            }
        });
    }

    private String write(Map<String, String> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object of strings as stored in a text column. */
    Map<String, String> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The database is the process's, closed by whoever opened it. */
    @Override
    public void close() {}
}
