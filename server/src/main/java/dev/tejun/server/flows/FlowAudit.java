package dev.tejun.server.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.FlowChange;
import dev.tejun.kernel.flow.state.Transition;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every flow action to the audit log from the instance's history, so an action is audited the same way
 * whether it came through REST, a {@code flow} cell in a notebook, a schedule, or the engine itself (a node run it
 * started). Target: {@code flow:NAME instance:ID node:N}; interface: the one the action came through.
 */
final class FlowAudit {

    private static final Logger LOG = LoggerFactory.getLogger(FlowAudit.class);
    /** Node types whose start and end are audited: those that run something. Branches and merges only decide. */
    private static final Set<String> RUNNING_NODES = Set.of("runbook", "call");

    private final AuditLog audit;
    private final ObjectMapper json;

    FlowAudit(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    static String target(String flow, String instanceId, String nodeId) {
        return "flow:" + flow + " instance:" + instanceId + (nodeId == null ? "" : " node:" + nodeId);
    }

    void changed(FlowChange change) {
        if (!(change instanceof FlowChange.Transitioned(Transition t))) {
            return;
        }
        String action = switch (t.kind()) {
            case STARTED -> "flow.start";
            case NODE_STARTED -> RUNNING_NODES.contains(t.nodeType()) ? "flow.node.start" : null;
            case NODE_ENDED ->
                RUNNING_NODES.contains(t.nodeType()) || "pause".equals(t.nodeType()) ? "flow.node.end" : null;
            case NODE_PAUSED -> "flow.node.pause";
            case NODE_INTERRUPTED -> "flow.node.interrupted";
            case APPROVED -> "flow.approve";
            case REJECTED -> "flow.reject";
            case STOPPED -> "flow.stop";
            case EMERGENCY_STOPPED -> "flow.emergency-stop";
            case RESUMED -> "flow.resume";
            case FINISHED -> "flow.end";
        };
        if (action == null) {
            return;
        }
        boolean byEngine = switch (t.kind()) {
            case NODE_STARTED, NODE_ENDED, NODE_PAUSED, NODE_INTERRUPTED, FINISHED -> true;
            default -> false;
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        put(detail, "by", byEngine ? "engine" : null);
        put(detail, "runId", t.runId());
        put(detail, "comment", t.comment());
        put(detail, "message", t.message());
        String outcome = switch (t.kind()) {
            case NODE_STARTED, NODE_ENDED, NODE_PAUSED, NODE_INTERRUPTED, FINISHED -> t.status();
            default -> "ok";
        };
        try {
            audit.append(
                    t.user() == null ? "engine" : t.user(),
                    Via.of(t.via()),
                    action,
                    target(t.flow(), t.instanceId(), t.nodeId()),
                    outcome,
                    null,
                    detail.isEmpty() ? null : json.writeValueAsString(detail));
        } catch (JsonProcessingException | RuntimeException e) {
            // the transition itself is stored with the instance; a failing audit write must not stop the flow
            LOG.warn("could not audit {} of flow instance {}", action, t.instanceId(), e);
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
