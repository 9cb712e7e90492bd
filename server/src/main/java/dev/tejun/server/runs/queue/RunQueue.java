package dev.tejun.server.runs.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.server.audit.ServerSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code run_queue} table: runs asked for through any server, each claimed by exactly one. A claim is one
 * transaction that takes the oldest queued row no other claimer holds ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL;
 * on SQLite one writer at a time already) and moves it to {@code claimed}; every move checks the state it leaves, so
 * of two servers racing for a row one wins. Inserts send {@code NOTIFY run_queue}, so idle servers claim at once.
 */
public final class RunQueue {

    /** The wake-up channel of new rows and of rows handed back. */
    public static final String CHANNEL = "run_queue";

    /** The wake-up channel of rows that reached their end (done, interrupted, cancelled). */
    public static final String ENDED_CHANNEL = "run_queue_end";

    public static final String QUEUED = "queued";
    public static final String CLAIMED = "claimed";
    public static final String STARTED = "started";
    public static final String DONE = "done";
    public static final String INTERRUPTED = "interrupted";
    public static final String CANCELLED = "cancelled";

    /** A row not yet done and the server that holds it (null while queued); {@code via} as the run's evidence has it. */
    public record Held(String runId, String runbook, String state, String server, String user, String via) {}

    /**
     * A row at its end: {@code state} is done, interrupted or cancelled; {@code outcome} the run's status as its
     * server wrote it (ok, warning, failed, stopped; null unless done), with its message and evidence folder.
     */
    public record Ended(String runId, String state, String server, String outcome, String message, String evidence) {}

    private final Database db;
    private final ObjectMapper json;
    private final Clock clock;
    private final QueueRelease released;

    public RunQueue(Database db, ObjectMapper json, Clock clock) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.json = json;
        this.clock = clock;
        this.released = new QueueRelease(db, json, clock);
    }

    /** Queues {@code run}, asked for through server {@code by}, and wakes the servers that wait for work. */
    public void enqueue(QueuedRun run, String by) {
        String request = text(run);
        db.writeBeside(c -> {
            insert(c, run, request, QUEUED, by, clock.millis());
            db.wakeups().send(c, CHANNEL);
            return null;
        });
    }

    /**
     * Queues {@code run}, asked for through {@code server}, as already started there: the server has a free place
     * and hands it to a session now. One transaction where a queued run takes three (its insert, claim and start),
     * and no wake-up: no other server has anything to take. From here on it is a started row like any other (a stop,
     * the run's end, the server's death find it so).
     */
    public void enqueueStarted(QueuedRun run, String server) {
        String request = text(run);
        db.writeBeside(c -> {
            insert(c, run, request, STARTED, server, clock.millis());
            return null;
        });
    }

    private static void insert(Connection c, QueuedRun run, String request, String state, String by, long now)
            throws SQLException {
        boolean started = STARTED.equals(state);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_queue "
                + "(run_id, runbook, request, state, queued_ms, queued_by, claimed_by, claimed_ms, started_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, run.runId());
            ps.setString(2, run.runbook());
            ps.setString(3, request);
            ps.setString(4, state);
            ps.setLong(5, now);
            ps.setString(6, by);
            ps.setString(7, started ? by : null);
            if (started) {
                ps.setLong(8, now);
                ps.setLong(9, now);
            } else {
                ps.setNull(8, Types.BIGINT);
                ps.setNull(9, Types.BIGINT);
            }
            ps.executeUpdate();
        }
    }

    /** Claims the oldest queued run for {@code server}; empty when none is queued (or every one is being claimed). */
    public Optional<QueuedRun> claimNext(String server) {
        String pick = "SELECT run_id FROM run_queue WHERE state = ? ORDER BY queued_ms, run_id LIMIT 1"
                + (db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
        return db.writeBeside(c -> {
            String id;
            try (PreparedStatement ps = c.prepareStatement(pick)) {
                ps.setString(1, QUEUED);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    id = rs.getString(1);
                }
            }
            return claim(c, id, server);
        });
    }

    /** Claims run {@code runId} for {@code server} when it is still queued (the server that took the request). */
    public Optional<QueuedRun> claim(String runId, String server) {
        return db.writeBeside(c -> claim(c, runId, server));
    }

    private Optional<QueuedRun> claim(Connection c, String runId, String server) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_queue SET state = ?, claimed_by = ?, claimed_ms = ? WHERE run_id = ? AND state = ?")) {
            ps.setString(1, CLAIMED);
            ps.setString(2, server);
            ps.setLong(3, clock.millis());
            ps.setString(4, runId);
            ps.setString(5, QUEUED);
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT request FROM run_queue WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(run(rs.getString(1)));
            }
        }
    }

    /**
     * {@code server} hands its claimed run to a session: from now on it is never given to another server. False when
     * it no longer holds the claim (it was taken back, e.g. after the server was thought dead): do not run it.
     */
    public boolean started(String runId, String server) {
        return db.writeBeside(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE run_queue SET state = ?, started_ms = ? "
                    + "WHERE run_id = ? AND claimed_by = ? AND state = ?")) {
                ps.setString(1, STARTED);
                ps.setLong(2, clock.millis());
                ps.setString(3, runId);
                ps.setString(4, server);
                ps.setString(5, CLAIMED);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * The run {@code server} started has ended with {@code outcome} (its status word), {@code message} (why it did not
     * succeed, or null) and its evidence folder (or null); whoever waits for it is woken.
     */
    public void finished(String runId, String server, String outcome, String message, String evidence) {
        db.writeBeside(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE run_queue SET state = ?, finished_ms = ?, "
                            + "outcome = ?, outcome_message = ?, evidence = ? WHERE run_id = ? AND claimed_by = ? AND state = ?")) {
                ps.setString(1, DONE);
                ps.setLong(2, clock.millis());
                ps.setString(3, outcome);
                ps.setString(4, message);
                ps.setString(5, evidence);
                ps.setString(6, runId);
                ps.setString(7, server);
                ps.setString(8, STARTED);
                if (ps.executeUpdate() > 0) {
                    db.wakeups().send(c, ENDED_CHANNEL);
                }
            }
            return null;
        });
    }

    /** The rows among {@code runIds} that reached their end; the others (still open, or unknown) are left out. */
    public List<Ended> ended(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        return db.read(c -> {
            List<Ended> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT run_id, state, claimed_by, outcome, outcome_message, evidence "
                            + "FROM run_queue WHERE state IN (?, ?, ?) AND run_id IN (" + marks + ")")) {
                ps.setString(1, DONE);
                ps.setString(2, INTERRUPTED);
                ps.setString(3, CANCELLED);
                int i = 4;
                for (String id : runIds) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ended(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Cancels a run nobody claimed yet; false when it was claimed meanwhile (or is no queued run). */
    public boolean cancel(String runId) {
        return db.writeBeside(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE run_queue SET state = ?, finished_ms = ? WHERE run_id = ? AND state = ?")) {
                ps.setString(1, CANCELLED);
                ps.setLong(2, clock.millis());
                ps.setString(3, runId);
                ps.setString(4, QUEUED);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            db.wakeups().send(c, ENDED_CHANNEL);
            return true;
        });
    }

    /**
     * The runs {@code servers} (dead, or this server's earlier life) held, taken back ({@link QueueRelease#release}):
     * the started ones, marked interrupted, for the caller to record.
     */
    public List<Held> release(Collection<String> servers) {
        return released.release(servers);
    }

    /** Run {@code runId}, cut off and ended by this server's start, is interrupted in the queue too. */
    public void interruptedHere(String runId) {
        released.interruptedHere(runId);
    }

    /**
     * Whether {@code server} still holds run {@code runId} as started: false once another server took it back (this
     * one was thought dead: it paused longer than its lease) — then it must run no further cell of it.
     */
    public boolean holds(String runId, String server) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM run_queue WHERE run_id = ? AND claimed_by = ? AND state = ?")) {
                ps.setString(1, runId);
                ps.setString(2, server);
                ps.setString(3, STARTED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The runs {@code server} holds as started. */
    public Set<String> startedBy(String server) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT run_id FROM run_queue WHERE claimed_by = ? AND state = ?")) {
                ps.setString(1, server);
                ps.setString(2, STARTED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** The servers that hold claimed or started runs. */
    public List<String> holders() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT claimed_by FROM run_queue WHERE state IN (?, ?) AND claimed_by IS NOT NULL")) {
                ps.setString(1, CLAIMED);
                ps.setString(2, STARTED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Run {@code runId} as the queue has it; empty when it never went through the queue. */
    public Optional<Held> find(String runId) {
        return row(runId).map(r -> new Held(runId, r.runbook(), r.state(), r.server(), r.user(), r.via()));
    }

    /**
     * Run {@code runId} as its queue row has it, for a reader who asks for it before its evidence exists; empty when
     * it never went through the queue.
     *
     * @param server     the server that claimed it, or null
     * @param startedMs  when a server handed it to a session, or null
     * @param finishedMs when it ended (done, interrupted, cancelled), or null
     */
    public record Row(
            String state, String runbook, String server, String user, String via, Long startedMs, Long finishedMs) {}

    /** The row of run {@code runId}; empty when it never went through the queue. */
    public Optional<Row> row(String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, runbook, claimed_by, request, started_ms, finished_ms FROM run_queue WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Asker asker = asker(json, rs.getString(4));
                    return Optional.of(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            asker.user(),
                            asker.via(),
                            rs.getObject(5) == null ? null : rs.getLong(5),
                            rs.getObject(6) == null ? null : rs.getLong(6)));
                }
            }
        });
    }

    /** How many runs wait for a server. */
    public long depth() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_queue WHERE state = ?")) {
                ps.setString(1, QUEUED);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Who asked for a row's run, from its request (the queued run as JSON); nulls when it does not say. */
    record Asker(String user, String via) {}

    static Asker asker(ObjectMapper json, String request) {
        try {
            JsonNode run = json.readTree(request);
            return new Asker(run.path("user").asText(null), run.path("via").asText(null));
        } catch (JsonProcessingException e) {
            return new Asker(null, null);
        }
    }

    private String text(QueuedRun run) {
        try {
            return json.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued run that cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private QueuedRun run(String text) {
        try {
            return json.readValue(text, QueuedRun.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued run that cannot be read back: " + e.getMessage(), e);
        }
    }
}
