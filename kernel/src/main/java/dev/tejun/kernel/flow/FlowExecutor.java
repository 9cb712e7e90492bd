package dev.tejun.kernel.flow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Runs a {@code flow} cell. The flow instance is started in the name of whoever runs the cell, through their
 * interface ({@link CellRequest#user()}, {@link CellRequest#via()}), so its history, audit entries and list name the
 * notebook user; the "started" entry says which cell it came from. When the request names nobody (a bare executor
 * in a test), the instance is started by {@code cell SESSION/CELL} via {@code cell}. A flow that ends ok or warning
 * is an ok cell (its value is the flow's result), failed or stopped elsewhere is a failed cell.
 */
final class FlowExecutor implements Executor {

    private static final YAMLMapper YAML = Json.YAML;
    private static final Duration POLL = Duration.ofMillis(200);

    private final SessionContext session;
    private final Supplier<FlowEngine> engines;

    FlowExecutor(SessionContext session, Supplier<FlowEngine> engines) {
        this.session = session;
        this.engines = engines;
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        String flow = request.attributes().get("flow").orElse(null);
        if (flow == null || flow.isBlank()) {
            return CellOutcome.failed(null, "a flow cell names its flow: ```flow {flow=path/name.flow.yaml}");
        }
        FlowEngine engine = engines.get();
        if (engine == null) {
            return CellOutcome.failed(null, "no flow engine here to run " + flow);
        }
        Map<String, String> params;
        try {
            params = params(request.code());
        } catch (IllegalArgumentException e) {
            return CellOutcome.failed(null, e.getMessage());
        }
        String origin = "cell " + session.sessionId() + "/" + request.cellId();
        boolean known = request.user() != null && !request.user().isBlank();
        String user = known ? request.user() : origin;
        String via = known && request.via() != null ? request.via() : "cell";
        BlockingQueue<FlowChange> changes = new LinkedBlockingQueue<>();
        String id;
        try (AutoCloseable ignored = engine.subscribe(changes::add)) {
            try {
                id = engine.start(
                        flow, params, new Actor(user, via), "from " + origin + " (run " + request.runId() + ")");
            } catch (IllegalArgumentException e) {
                return CellOutcome.failed(null, e.getMessage());
            }
            output.stdout("flow " + flow + " started as " + id + "\n");
            return follow(engine, id, user, changes, output);
        } catch (Exception e) {
            return CellOutcome.failed(null, "flow " + flow + ": " + e.getMessage());
        }
    }

    private static CellOutcome follow(
            FlowEngine engine, String id, String user, BlockingQueue<FlowChange> changes, Output output) {
        try {
            FlowInstance fi;
            do {
                fi = engine.await(id, POLL);
                print(id, changes, output);
            } while (!fi.status().finished());
            print(id, changes, output);
            output.stdout("flow " + id + ": " + fi.status().key() + (fi.message() == null ? "" : " — " + fi.message())
                    + "\n");
            if (fi.status() == FlowStatus.OK || fi.status() == FlowStatus.WARNING) {
                return CellOutcome.ok(null, fi.status().key());
            }
            return CellOutcome.failed(
                    null,
                    "flow " + id + " ended " + fi.status().key()
                            + (fi.stoppedBy() == null ? "" : " (stopped by " + fi.stoppedBy() + ")"));
        } catch (InterruptedException e) {
            engine.emergencyStop(id, user);
            print(id, changes, output);
            output.stdout("flow " + id + ": emergency stop\n");
            return CellOutcome.stopped();
        }
    }

    private static void print(String id, BlockingQueue<FlowChange> changes, Output output) {
        for (FlowChange c; (c = changes.poll()) != null; ) {
            if (c instanceof FlowChange.NodeChanged n
                    && n.instanceId().equals(id)
                    && n.node().status() != NodeStatus.PENDING) {
                output.stdout("  " + n.node().nodeId() + ": "
                        + n.node().status().key()
                        + (n.node().message() == null ? "" : " — " + n.node().message()) + "\n");
            }
        }
    }

    /** The body: empty, or a YAML mapping of param names to scalar values. */
    static Map<String, String> params(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = YAML.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("flow cell params are not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("flow cell params must be a YAML mapping of name: value");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException("flow cell param " + e.getKey() + " must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
