package dev.tejun.kernel.flow;

import dev.tejun.kernel.preview.WouldMeet;
import java.util.List;
import java.util.Map;

/**
 * What starting a flow would do, node by node, with nothing run (issue 23): each node as it would start (its params
 * with the flow's put in, the hosts of a loop, a runbook node's cells as a preview run shows them) and the locks and
 * windows the instance and each node would meet.
 *
 * @param params the flow's params as the instance would get them (secret ones masked)
 * @param locks  the locks the whole instance would hold
 * @param windows the flow's maintenance windows now
 */
public record FlowPreview(
        String flow,
        String title,
        Map<String, String> params,
        List<WouldMeet.Lock> locks,
        List<WouldMeet.Window> windows,
        List<NodePreview> nodes) {

    public FlowPreview {
        params = Map.copyOf(params);
        locks = List.copyOf(locks);
        windows = List.copyOf(windows);
        nodes = List.copyOf(nodes);
    }

    /**
     * One node.
     *
     * @param target  the runbook or flow it runs, a pause's message; null for the others
     * @param params  its params with the flow's values put in; a value that needs an earlier node's output keeps
     *                its {@code ${nodes.…}} reference (known only when that node ran)
     * @param hosts   the hosts a for-each node would go through, in order
     * @param previewRun the preview run of its runbook (in evidence), or null
     * @param cells   that run's cells as they would run
     * @param called  a call node's flow, previewed in turn (null for the others, or past a depth of 5)
     * @param note    what else to know (a loop shown for its first host, why a preview could not be made)
     */
    public record NodePreview(
            String id,
            String type,
            String target,
            Map<String, String> params,
            List<String> hosts,
            List<WouldMeet.Lock> locks,
            List<WouldMeet.Window> windows,
            String previewRun,
            List<CellPreview> cells,
            FlowPreview called,
            String note) {}

    /** One cell of a node's preview run: its status and what the preview printed (the text it would run). */
    public record CellPreview(String cell, String status, String output) {}
}
