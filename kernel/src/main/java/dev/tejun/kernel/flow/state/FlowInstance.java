package dev.tejun.kernel.flow.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run of a flow, with every node's state.
 *
 * @param flow       the flow file's name in the runbooks folder
 * @param secretParams the params the flow declares {@code secret: true}: shown as {@value #MASK} everywhere
 * @param parentId   for a flow started by a {@code call} node, the calling instance (and {@code parentNode} the node)
 * @param stoppedBy  who stopped it (emergency stop or stop), else null
 * @param message    why it ended as it did (e.g. which end nodes or failures decided the result)
 */
public record FlowInstance(
        String id,
        String flow,
        String title,
        Map<String, String> params,
        Set<String> secretParams,
        FlowStatus status,
        String startedBy,
        String via,
        Instant startedAt,
        Instant endedAt,
        String parentId,
        String parentNode,
        String stoppedBy,
        String message,
        List<NodeState> nodes) {

    public static final String MASK = "****";

    public FlowInstance {
        params = Map.copyOf(params);
        secretParams = Set.copyOf(secretParams);
        nodes = List.copyOf(nodes);
    }

    /** The params as anyone may see them: secret ones masked. */
    public Map<String, String> shownParams() {
        Map<String, String> out = new TreeMap<>(params);
        out.replaceAll((k, v) -> secretParams.contains(k) && v != null && !v.isEmpty() ? MASK : v);
        return out;
    }

    public Optional<NodeState> node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    public FlowInstance withNodes(List<NodeState> nodes) {
        return new FlowInstance(
                id,
                flow,
                title,
                params,
                secretParams,
                status,
                startedBy,
                via,
                startedAt,
                endedAt,
                parentId,
                parentNode,
                stoppedBy,
                message,
                nodes);
    }

    public FlowInstance withStatus(FlowStatus status, Instant endedAt, String stoppedBy, String message) {
        return new FlowInstance(
                id,
                flow,
                title,
                params,
                secretParams,
                status,
                startedBy,
                via,
                startedAt,
                endedAt,
                parentId,
                parentNode,
                stoppedBy,
                message,
                nodes);
    }
}
