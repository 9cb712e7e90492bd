package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.Transition;

/**
 * Writes an instance's history: each transition is stored, then announced (so the server can audit it whatever
 * interface caused it). Called under the instance's lock, like every other write of the instance.
 */
final class Journal {

    private final FlowEngine engine;
    private final String instanceId;
    private final String flow;
    /** The interface the instance was started through; what the engine does on its own is recorded under it. */
    private final String via;

    Journal(FlowEngine engine, FlowInstance instance) {
        this.engine = engine;
        this.instanceId = instance.id();
        this.flow = instance.flow();
        this.via = instance.via();
    }

    /** A node moved from {@code before} to {@code after}; records it if the status changed in a way worth keeping. */
    void node(NodeState before, NodeState after) {
        if (before != null && before.status() == after.status()) {
            return;
        }
        Transition.Kind kind = switch (after.status()) {
            case RUNNING -> Transition.Kind.NODE_STARTED;
            case PAUSED -> Transition.Kind.NODE_PAUSED;
            case INTERRUPTED -> Transition.Kind.NODE_INTERRUPTED;
            case PENDING -> null;
            default -> Transition.Kind.NODE_ENDED;
        };
        if (kind == null) {
            return;
        }
        write(
                kind,
                after.nodeId(),
                after.type(),
                after.actor(),
                null,
                after.status().key(),
                after.runId(),
                null,
                after.message());
    }

    /** The instance itself: started, stopped, resumed, finished. */
    void instance(Transition.Kind kind, String user, String actionVia, String status, String message) {
        write(kind, null, null, user, actionVia, status, null, null, message);
    }

    /** An approval or rejection of a paused node, with the approver's comment. */
    void decision(boolean approved, String nodeId, String user, String actionVia, String comment, String message) {
        write(
                approved ? Transition.Kind.APPROVED : Transition.Kind.REJECTED,
                nodeId,
                "pause",
                user,
                actionVia,
                approved ? "ok" : "failed",
                null,
                comment,
                message);
    }

    private void write(
            Transition.Kind kind,
            String nodeId,
            String nodeType,
            String user,
            String actionVia,
            String status,
            String runId,
            String comment,
            String message) {
        Transition t = engine.store()
                .append(new Transition(
                        instanceId,
                        0,
                        engine.now(),
                        flow,
                        kind,
                        nodeId,
                        nodeType,
                        user,
                        actionVia == null ? via : actionVia,
                        status,
                        runId,
                        comment,
                        message));
        engine.announce(new FlowChange.Transitioned(t));
    }
}
