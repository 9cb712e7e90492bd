package dev.tejun.kernel.flow.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a flow, with every node's state.
 *
 * @param flow       the flow file's name in the runbooks folder
 * @param parentId   for a flow started by a {@code call} node, the calling instance (and {@code parentNode} the node)
 * @param stoppedBy  who stopped it (emergency stop or stop), else null
 * @param message    why it ended as it did (e.g. which end nodes or failures decided the result)
 */
public record FlowInstance(String id, String flow, String title, Map<String, String> params, FlowStatus status,
                           String startedBy, String via, Instant startedAt, Instant endedAt, String parentId,
                           String parentNode, String stoppedBy, String message, List<NodeState> nodes) {

    public FlowInstance {
        params = Map.copyOf(params);
        nodes = List.copyOf(nodes);
    }

    public Optional<NodeState> node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    public FlowInstance withNodes(List<NodeState> nodes) {
        return new FlowInstance(id, flow, title, params, status, startedBy, via, startedAt, endedAt, parentId,
                parentNode, stoppedBy, message, nodes);
    }

    public FlowInstance withStatus(FlowStatus status, Instant endedAt, String stoppedBy, String message) {
        return new FlowInstance(id, flow, title, params, status, startedBy, via, startedAt, endedAt, parentId,
                parentNode, stoppedBy, message, nodes);
    }
}
