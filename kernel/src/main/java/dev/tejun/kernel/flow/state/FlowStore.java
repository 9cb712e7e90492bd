package dev.tejun.kernel.flow.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.Schema;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.flow.def.FlowParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flow instances and their node states in the Tejun database, written at every transition so that a restart
 * finds each instance as it was. One call at a time: a transition is a row or two, and keeping them in order
 * matters more than writing them concurrently.
 */
public final class FlowStore implements AutoCloseable {

    /** A database error; the engine cannot go on without its record, so it is not a checked exception. */
    public static final class StoreFailure extends RuntimeException {
        StoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    /** The flow tables' migrations; {@code legacy} maps what the pre-Flyway runner recorded as {@code db/migration/flow}. */
    public static final Schema SCHEMA = new Schema(
            "flow",
            FlowStore.class.getClassLoader(),
            "18",
            List.of(
                    new Schema.Legacy("db/migration/flow", 1, "db/migration/flow/V1__flow_instances.sql"),
                    new Schema.Legacy("db/migration/flow", 2, "db/migration/flow/V2__flow_transitions.sql")));

    private final Database db;
    /** The cluster node that drives the instances this store records from now on; null alone or beside a server. */
    private volatile String owner;

    /** Over the process's database, migrating the flow tables if it was not yet done. */
    public FlowStore(Database db) {
        this.db = db;
        db.migrate(SCHEMA);
    }

    /** Where the hold points' previews stand, in this store's database. */
    public HoldPreviewRows holdPreviews() {
        return new HoldPreviewRows(db);
    }

    /**
     * Records a new instance with all its nodes pending, the flow file text it was started from and the texts of the
     * runbooks its nodes run ({@code runbooks}, by name), read as it started: what its nodes run ({@link #runbooks}).
     */
    public synchronized void create(FlowInstance instance, String definition, Map<String, String> runbooks) {
        try {
            db.write(connection -> {
                create(connection, instance, definition, runbooks, owner);
                return null;
            });
        } catch (DatabaseException e) {
            throw new StoreFailure("cannot record flow instance " + instance.id(), e);
        }
    }

    /** Instances recorded from now on are driven by the cluster node {@code name} (see {@link FlowOwners}). */
    public void ownedBy(String name) {
        this.owner = name;
    }

    private static void create(
            Connection connection, FlowInstance instance, String definition, Map<String, String> runbooks, String owner)
            throws SQLException {
        try {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO flow_instance (id, flow, title, definition, params_json, status, started_by, via,
                      started_at, parent_id, parent_node, owner, runbooks)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, instance.id());
                ps.setString(2, instance.flow());
                ps.setString(3, instance.title());
                ps.setString(4, definition);
                ps.setString(5, JSON.writeValueAsString(instance.params()));
                ps.setString(6, instance.status().key());
                ps.setString(7, instance.startedBy());
                ps.setString(8, instance.via());
                ps.setString(9, instance.startedAt().toString());
                ps.setString(10, instance.parentId());
                ps.setString(11, instance.parentNode());
                ps.setString(12, owner);
                ps.setString(13, JSON.writeValueAsString(runbooks));
                ps.executeUpdate();
            }
            for (NodeState n : instance.nodes()) {
                NodeRows.upsert(connection, instance.id(), n);
            }
        } catch (JsonProcessingException e) {
            throw new StoreFailure("cannot record flow instance " + instance.id(), e);
        }
    }

    public synchronized void saveInstance(FlowInstance instance) {
        write("cannot record flow instance " + instance.id(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE flow_instance SET status = ?, ended_at = ?, stopped_by = ?, message = ? WHERE id = ?")) {
                ps.setString(1, instance.status().key());
                ps.setString(2, NodeRows.text(instance.endedAt()));
                ps.setString(3, instance.stoppedBy());
                ps.setString(4, instance.message());
                ps.setString(5, instance.id());
                return ps.executeUpdate();
            }
        });
    }

    public synchronized void saveNode(String instanceId, NodeState node) {
        write("cannot record node " + node.nodeId() + " of flow instance " + instanceId, connection -> {
            NodeRows.upsert(connection, instanceId, node);
            return null;
        });
    }

    /** What a runbook node's cells produced ({@code CELL.FIELD → value}), for later branches and params. */
    public synchronized void saveOutputs(String instanceId, String nodeId, Map<String, String> outputs) {
        String text;
        try {
            text = JSON.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new StoreFailure("cannot record outputs of node " + nodeId, e);
        }
        write("cannot record outputs of node " + nodeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE flow_node_state SET outputs_json = ? WHERE instance_id = ? AND node_id = ?")) {
                ps.setString(1, text);
                ps.setString(2, instanceId);
                ps.setString(3, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    public synchronized Map<String, Map<String, String>> outputs(String instanceId) {
        Map<String, String> texts = read("cannot read outputs of flow instance " + instanceId, connection -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT node_id, outputs_json FROM flow_node_state WHERE instance_id = ? AND outputs_json IS NOT NULL")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
        Map<String, Map<String, String>> out = new HashMap<>();
        try {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                out.put(e.getKey(), JSON.readValue(e.getValue(), STRINGS));
            }
        } catch (JsonProcessingException e) {
            throw new StoreFailure("cannot read outputs of flow instance " + instanceId, e);
        }
        return out;
    }

    /** Appends a transition with the next sequence number of its instance; returns it as stored. */
    public synchronized Transition append(Transition t) {
        return write("cannot record a transition of flow instance " + t.instanceId(), connection -> {
            // seq is MAX + 1: a server beside this one on the same PostgreSQL must wait rather than take it too
            db.lockFor("flow_transition:" + t.instanceId());
            try (PreparedStatement ps =
                    connection.prepareStatement("INSERT INTO flow_transition (instance_id, seq, at, "
                            + "kind, node_id, node_type, user_name, via, status, run_id, comment, message) VALUES (?, "
                            + "(SELECT COALESCE(MAX(seq), 0) + 1 FROM flow_transition WHERE instance_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "RETURNING seq")) {
                String[] v = {
                    t.instanceId(),
                    t.instanceId(),
                    t.at().toString(),
                    t.kind().name(),
                    t.nodeId(),
                    t.nodeType(),
                    t.user(),
                    t.via(),
                    t.status(),
                    t.runId(),
                    t.comment(),
                    t.message()
                };
                for (int i = 0; i < v.length; i++) {
                    ps.setString(i + 1, v[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return t.withSeq(rs.getLong(1));
                }
            }
        });
    }

    /** The instance's transitions in the order they happened. */
    public synchronized List<Transition> transitions(String instanceId, String flow) {
        return read("cannot read the transitions of flow instance " + instanceId, connection -> {
            List<Transition> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT seq, at, kind, node_id, node_type, user_name, "
                            + "via, status, run_id, comment, message FROM flow_transition WHERE instance_id = ? ORDER BY seq")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Transition(
                                instanceId,
                                rs.getLong(1),
                                NodeRows.instant(rs.getString(2)),
                                flow,
                                Transition.Kind.valueOf(rs.getString(3)),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11)));
                    }
                }
            }
            return out;
        });
    }

    /** The flow file text the instance was started from. */
    public synchronized Optional<String> definition(String instanceId) {
        return read("cannot read flow instance " + instanceId, connection -> {
            try (PreparedStatement ps =
                    connection.prepareStatement("SELECT definition FROM flow_instance WHERE id = ?")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * The runbook texts the instance was started with, by runbook name; empty for an instance from before they were
     * kept (its nodes read the files).
     */
    public synchronized Map<String, String> runbooks(String instanceId) {
        return read("cannot read flow instance " + instanceId, connection -> {
            try (PreparedStatement ps =
                    connection.prepareStatement("SELECT runbooks FROM flow_instance WHERE id = ?")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return Map.<String, String>of();
                    }
                    try {
                        return JSON.readValue(rs.getString(1), STRINGS);
                    } catch (JsonProcessingException e) {
                        throw new StoreFailure("cannot read the runbooks of flow instance " + instanceId, e);
                    }
                }
            }
        });
    }

    /** The instance's nodes run {@code runbooks} from now on (a resume reads the runbooks again). */
    public synchronized void keepRunbooks(String instanceId, Map<String, String> runbooks) {
        String texts;
        try {
            texts = JSON.writeValueAsString(runbooks);
        } catch (JsonProcessingException e) {
            throw new StoreFailure("cannot record flow instance " + instanceId, e);
        }
        write("cannot record flow instance " + instanceId, connection -> {
            try (PreparedStatement ps =
                    connection.prepareStatement("UPDATE flow_instance SET runbooks = ? WHERE id = ?")) {
                ps.setString(1, texts);
                ps.setString(2, instanceId);
                return ps.executeUpdate();
            }
        });
    }

    public synchronized Optional<FlowInstance> get(String id) {
        List<FlowInstance> found = query("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Every instance, newest first. */
    public synchronized List<FlowInstance> list() {
        return query("ORDER BY started_at DESC, id DESC");
    }

    /** Instances that had not finished when they were last written: running, paused or interrupted. */
    public synchronized List<FlowInstance> unfinished() {
        return query("WHERE status IN ('running', 'paused', 'interrupted') ORDER BY started_at, id");
    }

    /** Which params were secret is read from the flow file as it ran, which the instance keeps. */
    private static Set<String> secretParams(String flow, String definition) {
        if (definition == null || !definition.contains("secret")) {
            return Set.of();
        }
        return FlowParser.parse(flow, definition).definition().secretParams();
    }

    private List<FlowInstance> query(String where, String... args) {
        return read("cannot read flow instances", connection -> query(connection, where, args));
    }

    private static List<FlowInstance> query(Connection connection, String where, String... args) throws SQLException {
        List<FlowInstance> out = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT id, flow, title, params_json, status, started_by, "
                        + "via, started_at, ended_at, parent_id, parent_node, stopped_by, message, definition FROM flow_instance "
                        + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FlowInstance(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            JSON.readValue(rs.getString(4), STRINGS),
                            secretParams(rs.getString(2), rs.getString(14)),
                            FlowStatus.valueOf(rs.getString(5).toUpperCase()),
                            rs.getString(6),
                            rs.getString(7),
                            NodeRows.instant(rs.getString(8)),
                            NodeRows.instant(rs.getString(9)),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12),
                            rs.getString(13),
                            List.of()));
                }
            }
            List<FlowInstance> withNodes = new ArrayList<>();
            for (FlowInstance fi : out) {
                withNodes.add(fi.withNodes(NodeRows.read(connection, fi.id())));
            }
            return withNodes;
        } catch (JsonProcessingException e) {
            throw new StoreFailure("cannot read flow instances", e);
        }
    }

    private <T> T write(String failure, Database.Work<T> work) {
        try {
            return db.write(work);
        } catch (DatabaseException e) {
            throw new StoreFailure(failure, e);
        }
    }

    private <T> T read(String failure, Database.Work<T> work) {
        try {
            return db.read(work);
        } catch (DatabaseException e) {
            throw new StoreFailure(failure, e);
        }
    }

    /** The database is the process's, closed by whoever opened it; nothing of the store's own is left to close. */
    @Override
    public void close() {}
}
