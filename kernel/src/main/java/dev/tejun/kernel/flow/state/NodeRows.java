package dev.tejun.kernel.flow.state;

import dev.tejun.kernel.flow.def.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a flow instance's nodes are kept in {@code flow_node_state}: one row per node, in the order first written. */
final class NodeRows {

    static final String NODE_COLUMNS = "node_id, type, status, passes, chosen, run_id, evidence, child_id, actor, "
            + "comment, message, started_at, ended_at, deadline";

    private NodeRows() {}

    /** The nodes of instance {@code instanceId}, in the order they were first written. */
    static List<NodeState> read(Connection connection, String instanceId) throws SQLException {
        List<NodeState> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + NODE_COLUMNS + " FROM flow_node_state WHERE instance_id = ? ORDER BY position, node_id")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String passes = rs.getString(4);
                    out.add(new NodeState(
                            rs.getString(1),
                            rs.getString(2),
                            NodeStatus.valueOf(rs.getString(3).toUpperCase()),
                            passes == null ? null : Outcome.valueOf(passes.toUpperCase()),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getString(11),
                            instant(rs.getString(12)),
                            instant(rs.getString(13)),
                            instant(rs.getString(14))));
                }
            }
        }
        return out;
    }

    /** A node's first write also gives it the next position of its instance, which later writes keep. */
    static void upsert(Connection connection, String instanceId, NodeState n) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("INSERT INTO flow_node_state (instance_id, " + NODE_COLUMNS
                        + ", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "(SELECT COUNT(*) FROM flow_node_state WHERE instance_id = ?)) ON CONFLICT (instance_id, node_id) DO UPDATE SET "
                        + "status = excluded.status, passes = excluded.passes, chosen = excluded.chosen, run_id = excluded.run_id, "
                        + "evidence = excluded.evidence, child_id = excluded.child_id, actor = excluded.actor, "
                        + "comment = excluded.comment, message = excluded.message, started_at = excluded.started_at, "
                        + "ended_at = excluded.ended_at, deadline = excluded.deadline")) {
            ps.setString(1, instanceId);
            ps.setString(2, n.nodeId());
            ps.setString(3, n.type());
            ps.setString(4, n.status().key());
            ps.setString(5, n.passes() == null ? null : n.passes().key());
            ps.setString(6, n.chosen());
            ps.setString(7, n.runId());
            ps.setString(8, n.evidence());
            ps.setString(9, n.child());
            ps.setString(10, n.actor());
            ps.setString(11, n.comment());
            ps.setString(12, n.message());
            ps.setString(13, text(n.startedAt()));
            ps.setString(14, text(n.endedAt()));
            ps.setString(15, text(n.deadline()));
            ps.setString(16, instanceId);
            ps.executeUpdate();
        }
    }

    static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
