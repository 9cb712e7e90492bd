package dev.tejun.server.retention;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code legal_holds} table: a run, or a flow instance (every run of its runbook nodes and of its child flows),
 * that retention must keep whole whatever its policy says, until the hold is lifted.
 */
public final class LegalHolds {

    /** What a hold is on. */
    public enum Kind {
        RUN,
        FLOW;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind {@code word} names; an {@link IllegalArgumentException} saying what is allowed otherwise. */
        public static Kind of(String word) {
            for (Kind k : values()) {
                if (k.wire().equals(word)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("a hold is on a 'run' or a 'flow' instance, not '" + word + "'");
        }
    }

    /** One hold as listed. */
    public record Hold(String kind, String id, String reason, String heldBy, String heldAt) {}

    private final Database db;

    public LegalHolds(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        db.migrate(FlowStore.SCHEMA); // flow holds read its tables, also from a CLI that never ran a flow
    }

    /** Places a hold; false when there was one already (it is left as it was). */
    public boolean hold(Kind kind, String id, String reason, String user, Instant at) {
        return db.write(c -> {
            if (find(c, kind, id)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO legal_holds (kind, target_id, reason, held_by, held_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, kind.wire());
                ps.setString(2, id);
                ps.setString(3, reason);
                ps.setString(4, user);
                ps.setString(5, at.toString());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Lifts a hold; false when there was none. */
    public boolean release(Kind kind, String id) {
        return db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM legal_holds WHERE kind = ? AND target_id = ?")) {
                ps.setString(1, kind.wire());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public List<Hold> list() {
        return db.read(c -> {
            List<Hold> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT kind, target_id, reason, held_by, held_at FROM legal_holds ORDER BY held_at, target_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hold(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        });
    }

    /** Whether a flow instance of that id exists (a hold on a mistyped id would hold nothing). */
    public boolean flowInstanceExists(String instanceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM flow_instance WHERE id = ?")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Every run id a hold covers: held runs, and the runs of held flow instances and of their child flows. */
    public Set<String> heldRunIds() {
        List<Hold> holds = list();
        Set<String> runs = new HashSet<>();
        Deque<String> flows = new ArrayDeque<>();
        for (Hold h : holds) {
            if (h.kind().equals(Kind.RUN.wire())) {
                runs.add(h.id());
            } else {
                flows.add(h.id());
            }
        }
        if (flows.isEmpty()) {
            return runs;
        }
        db.read(c -> {
            Set<String> seen = new HashSet<>();
            while (!flows.isEmpty()) {
                String instance = flows.pop();
                if (seen.add(instance)) {
                    runsOf(c, instance, runs, flows);
                }
            }
            return null;
        });
        return runs;
    }

    private static void runsOf(java.sql.Connection c, String instance, Set<String> runs, Deque<String> children)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT run_id, child_id FROM flow_node_state WHERE instance_id = ? UNION ALL "
                        + "SELECT run_id, NULL FROM flow_transition WHERE instance_id = ?")) {
            ps.setString(1, instance);
            ps.setString(2, instance);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        runs.add(rs.getString(1));
                    }
                    if (rs.getString(2) != null) {
                        children.add(rs.getString(2));
                    }
                }
            }
        }
    }

    private static boolean find(java.sql.Connection c, Kind kind, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM legal_holds WHERE kind = ? AND target_id = ?")) {
            ps.setString(1, kind.wire());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
