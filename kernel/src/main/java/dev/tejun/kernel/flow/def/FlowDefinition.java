package dev.tejun.kernel.flow.def;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed flow file: its front-matter-like header (title and params, declared as in a runbook) and its nodes.
 *
 * @param name  the path in the runbooks folder, e.g. {@code flows/patch.flow.yaml}
 * @param start the first node: {@code start:} in the file, or else the first node listed
 * @param nodeLocks the lock names (with {@code ${params.…}}) a node holds while it runs, by node id
 */
public record FlowDefinition(
        String name, Metadata metadata, String start, List<Node> nodes, Map<String, List<String>> nodeLocks) {

    public static final String SUFFIX = RunbookFolder.FLOW_SUFFIX;
    /** Front matter (runbook) or top-level (flow) key: whoever started a run may not approve its pauses. */
    public static final String APPROVER_NOT_STARTER = "approver-not-starter";

    public FlowDefinition {
        nodes = List.copyOf(nodes);
        nodeLocks = Map.copyOf(nodeLocks);
    }

    /** A flow whose nodes hold no locks of their own. */
    public FlowDefinition(String name, Metadata metadata, String start, List<Node> nodes) {
        this(name, metadata, start, nodes, Map.of());
    }

    public Optional<Node> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** For each node id, the nodes with an edge into it, in file order. */
    public Map<String, List<String>> predecessors() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.put(n.id(), new ArrayList<>()));
        for (Node n : nodes) {
            for (String s : n.successors()) {
                List<String> into = out.get(s);
                if (into != null) {
                    into.add(n.id());
                }
            }
        }
        return out;
    }

    /** The params declared {@code secret: true}. */
    public Set<String> secretParams() {
        Set<String> out = new TreeSet<>();
        metadata.params().values().stream().filter(ParamSpec::secret).forEach(p -> out.add(p.name()));
        return out;
    }

    /** {@code approver-not-starter: true}: four eyes, the starter may not approve the flow's pauses. */
    public boolean approverNotStarter() {
        return fourEyes(metadata);
    }

    /** Whether front matter (a runbook's or a flow's) asks for four eyes. */
    public static boolean fourEyes(Metadata metadata) {
        return Boolean.TRUE.equals(metadata.extra().get(APPROVER_NOT_STARTER))
                || "true".equals(String.valueOf(metadata.extra().get(APPROVER_NOT_STARTER)));
    }

    public String title() {
        return metadata.title() == null ? name : metadata.title();
    }
}
