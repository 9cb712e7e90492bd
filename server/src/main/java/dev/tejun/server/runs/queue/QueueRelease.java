package dev.tejun.server.runs.queue;

import static dev.tejun.server.runs.queue.RunQueue.CHANNEL;
import static dev.tejun.server.runs.queue.RunQueue.CLAIMED;
import static dev.tejun.server.runs.queue.RunQueue.DONE;
import static dev.tejun.server.runs.queue.RunQueue.ENDED_CHANNEL;
import static dev.tejun.server.runs.queue.RunQueue.INTERRUPTED;
import static dev.tejun.server.runs.queue.RunQueue.QUEUED;
import static dev.tejun.server.runs.queue.RunQueue.STARTED;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the run queue does when a server is gone (dead, or this server's earlier life): the runs it claimed go back
 * to the queue, those it started are interrupted (or done, when it recorded their end before it died), so that a run
 * that began is never run again behind anybody's back. The queue's other moves are {@link RunQueue}'s.
 */
final class QueueRelease {

    private final Database db;
    private final ObjectMapper json;
    private final Clock clock;

    QueueRelease(Database db, ObjectMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The runs {@code servers} (dead, or this server's earlier life) held: claimed ones go back to the queue for
     * another server (nothing of them ran), started ones are marked interrupted and answered, for the caller to
     * record: a run that began is never run again behind anybody's back. A started run whose end its server recorded
     * in the run index before it died is done, as that index row says.
     */
    List<RunQueue.Held> release(Collection<String> servers) {
        if (servers.isEmpty()) {
            return List.of();
        }
        return db.write(c -> {
            List<RunQueue.Held> interrupted = new ArrayList<>();
            for (String server : servers) {
                endedBeforeTheirServer(c, server);
                interrupted.addAll(held(c, server, STARTED));
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE run_queue SET state = ?, claimed_by = NULL, claimed_ms = NULL "
                                + "WHERE claimed_by = ? AND state = ?")) {
                    ps.setString(1, QUEUED);
                    ps.setString(2, server);
                    ps.setString(3, CLAIMED);
                    if (ps.executeUpdate() > 0) {
                        db.wakeups().send(c, CHANNEL);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE run_queue SET state = ?, finished_ms = ? " + "WHERE claimed_by = ? AND state = ?")) {
                    ps.setString(1, INTERRUPTED);
                    ps.setLong(2, clock.millis());
                    ps.setString(3, server);
                    ps.setString(4, STARTED);
                    if (ps.executeUpdate() > 0) {
                        db.wakeups().send(c, ENDED_CHANNEL);
                    }
                }
            }
            return interrupted;
        });
    }

    /**
     * Started rows of {@code server} whose run ended and was recorded (the run index says how) before the server
     * died without writing {@code done}: done, with that status as outcome — not interrupted, and not ended twice.
     */
    private void endedBeforeTheirServer(Connection c, String server) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE run_queue SET state = ?, finished_ms = ?,
                  outcome = LOWER((SELECT r.status FROM runs r WHERE r.run_id = run_queue.run_id))
                WHERE claimed_by = ? AND state = ? AND EXISTS (SELECT 1 FROM runs r
                  WHERE r.run_id = run_queue.run_id AND r.status NOT IN ('RUNNING', 'INTERRUPTED'))""")) {
            ps.setString(1, DONE);
            ps.setLong(2, clock.millis());
            ps.setString(3, server);
            ps.setString(4, STARTED);
            if (ps.executeUpdate() > 0) {
                db.wakeups().send(c, ENDED_CHANNEL);
            }
        }
    }

    /**
     * Run {@code runId}, cut off in this server's own evidence and ended by its start (sealed, its end recorded), is
     * interrupted here too if the queue still has it started: its release then does not end it again.
     */
    void interruptedHere(String runId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE run_queue SET state = ?, finished_ms = ? WHERE run_id = ? AND state = ?")) {
                ps.setString(1, INTERRUPTED);
                ps.setLong(2, clock.millis());
                ps.setString(3, runId);
                ps.setString(4, STARTED);
                if (ps.executeUpdate() > 0) {
                    db.wakeups().send(c, ENDED_CHANNEL);
                }
            }
            return null;
        });
    }

    private List<RunQueue.Held> held(Connection c, String server, String state) throws SQLException {
        List<RunQueue.Held> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, runbook, request FROM run_queue WHERE claimed_by = ? AND state = ?")) {
            ps.setString(1, server);
            ps.setString(2, state);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunQueue.Asker asker = RunQueue.asker(json, rs.getString(3));
                    out.add(new RunQueue.Held(
                            rs.getString(1), rs.getString(2), state, server, asker.user(), asker.via()));
                }
            }
        }
        return out;
    }
}
