package dev.tejun.server.flows;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the flow API and of {@code /ws/flows} (see docs/protocol.md, "Flows"). Statuses are the
 * lower-case keys; a node's evidence is given as its API address, never as a path on the server's disk.
 */
public final class FlowWire {

    private FlowWire() {}

    public record ProblemView(String severity, int line, String message) {
        static ProblemView of(Problem p) {
            return new ProblemView(p.severity().name().toLowerCase(Locale.ROOT), p.line(), p.message());
        }
    }

    /** One entry of {@code GET /api/flows}. */
    public record FlowSummary(String name, String title, boolean valid, List<ProblemView> problems) {}

    public record ParamView(String name, String type, String defaultValue, List<String> allowed, String description) {
        static ParamView of(ParamSpec p) {
            return new ParamView(
                    p.name(),
                    p.type(),
                    p.secret() && p.defaultValue() != null ? "****" : p.defaultValue(),
                    p.allowed(),
                    p.description());
        }
    }

    /** An edge of the drawn graph; {@code label} says when it is taken (branch) or is null. */
    public record GraphEdge(String to, String label) {}

    /** {@code detail} is the runbook, called flow, pause message or end result, whichever the type has. */
    public record GraphNode(String id, String type, String detail, String approver, List<GraphEdge> edges) {}

    /** {@code GET /api/flows/<name>}. */
    public record FlowGraph(
            String name,
            String title,
            boolean valid,
            List<ProblemView> problems,
            List<ParamView> params,
            String start,
            List<GraphNode> nodes) {}

    public record NodeView(
            String nodeId,
            String type,
            String status,
            String passes,
            String chosen,
            String runId,
            String evidenceUrl,
            String child,
            String actor,
            String comment,
            String message,
            Instant startedAt,
            Instant endedAt,
            Instant deadline) {
        static NodeView of(NodeState n) {
            return new NodeView(
                    n.nodeId(),
                    n.type(),
                    n.status().key(),
                    n.passes() == null ? null : n.passes().key(),
                    n.chosen(),
                    n.runId(),
                    n.runId() == null ? null : "/api/runs/" + n.runId(),
                    n.child(),
                    n.actor(),
                    n.comment(),
                    n.message(),
                    n.startedAt(),
                    n.endedAt(),
                    n.deadline());
        }
    }

    /**
     * An instance; {@code paused} names the nodes that wait for approval, so lists can show them without nodes, and
     * {@code approvers} the role each of them asks for (REST only; pushes leave it null).
     */
    public record InstanceView(
            String id,
            String flow,
            String title,
            Map<String, String> params,
            String status,
            String startedBy,
            String via,
            Instant startedAt,
            Instant endedAt,
            String parentId,
            String parentNode,
            String stoppedBy,
            String message,
            List<String> paused,
            Map<String, String> approvers,
            List<NodeView> nodes) {
        static InstanceView of(FlowInstance fi, boolean withNodes) {
            return of(fi, withNodes, null);
        }

        static InstanceView of(FlowInstance fi, boolean withNodes, Map<String, String> approvers) {
            return new InstanceView(
                    fi.id(),
                    fi.flow(),
                    fi.title(),
                    fi.shownParams(),
                    fi.status().key(),
                    fi.startedBy(),
                    fi.via(),
                    fi.startedAt(),
                    fi.endedAt(),
                    fi.parentId(),
                    fi.parentNode(),
                    fi.stoppedBy(),
                    fi.message(),
                    fi.nodes().stream()
                            .filter(n -> n.status() == NodeStatus.PAUSED)
                            .map(NodeState::nodeId)
                            .toList(),
                    approvers,
                    withNodes ? fi.nodes().stream().map(NodeView::of).toList() : null);
        }
    }

    /** {@code POST /api/flows/<name>/start} body; {@code params} may be left out. */
    /** {@code preview: true}: show what the start would do, node by node, and start nothing (issue 23). */
    public record StartFlow(Map<String, String> params, Boolean preview) {}

    public record Started(String id) {}

    /** Body of approve and reject, for flow nodes ({@code nodeId}) and for pause cells (no nodeId). */
    public record Decide(String nodeId, String comment) {}

    // ---- /ws/flows, server → client ----

    /** {@code {"type":"instance","instance":{…}}}: status or result of an instance changed (nodes included). */
    record InstancePush(String type, InstanceView instance) {
        InstancePush(InstanceView instance) {
            this("instance", instance);
        }
    }

    /**
     * {@code {"type":"subscribed"}}: the first message of every connection, sent once its changes are queued for it:
     * the REST state read after it misses no change, and every change after it is pushed.
     */
    record Subscribed(String type) {
        static final Subscribed INSTANCE = new Subscribed("subscribed");
    }

    /** {@code {"type":"node","instanceId":"…","node":{…}}}: one node changed. */
    record NodePush(String type, String instanceId, NodeView node) {
        NodePush(String instanceId, NodeView node) {
            this("node", instanceId, node);
        }
    }
}
