package dev.tejun.kernel.flow.def;

import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The shape checks of a flow's graph, apart from what its nodes refer to ({@link FlowValidator}): every edge leads to
 * a node, every node is reachable from the start, there are no cycles, and merges only join paths of one parallel
 * node. Problems go to the validator's list, each naming its node.
 */
final class FlowGraphCheck {

    private final FlowDefinition def;
    private final Map<String, Node> byId;
    private final Map<String, List<String>> preds;
    private final BiConsumer<Node, String> errors;
    private final List<Problem> problems;

    FlowGraphCheck(
            FlowDefinition def, Map<String, Node> byId, BiConsumer<Node, String> errors, List<Problem> problems) {
        this.def = def;
        this.byId = byId;
        this.preds = def.predecessors();
        this.errors = errors;
        this.problems = problems;
    }

    /** Every edge leads to a node; every node but an end goes somewhere. False when the graph is unusable. */
    boolean edges() {
        boolean ok = true;
        for (Node n : def.nodes()) {
            List<String> out = n instanceof Node.ParallelNode p ? p.next() : n.successors();
            for (String s : out) {
                if (!byId.containsKey(s)) {
                    errors.accept(n, "next node '" + s + "' does not exist");
                    ok = false;
                }
            }
            if (n instanceof Node.ParallelNode p) {
                if (new HashSet<>(p.next()).size() < 2 || p.next().size() != new HashSet<>(p.next()).size()) {
                    errors.accept(n, "a parallel node needs at least two different next nodes, each listed once");
                }
            } else if (!(n instanceof Node.EndNode) && out.isEmpty()) {
                errors.accept(n, "has no next node (only an end node may finish a path)");
            }
        }
        if (def.start() == null || !byId.containsKey(def.start())) {
            problems.add(Problem.error(0, "start node '" + def.start() + "' does not exist"));
            return false;
        }
        if (!preds.get(def.start()).isEmpty()) {
            errors.accept(
                    byId.get(def.start()),
                    "the start node may not have incoming edges (from " + preds.get(def.start()) + ")");
        }
        return ok;
    }

    void reachable() {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(def.start()));
        while (!todo.isEmpty()) {
            String id = todo.removeLast();
            if (seen.add(id)) {
                todo.addAll(byId.get(id).successors());
            }
        }
        for (Node n : def.nodes()) {
            if (!seen.contains(n.id())) {
                errors.accept(n, "cannot be reached from the start node '" + def.start() + "'");
            }
        }
    }

    boolean noCycles() {
        Map<String, Integer> mark = new HashMap<>(); // 1 = on the current path, 2 = done
        for (Node n : def.nodes()) {
            List<String> cycle = cycleFrom(n.id(), mark, new ArrayList<>());
            if (cycle != null) {
                errors.accept(byId.get(cycle.getFirst()), "is part of a cycle: " + String.join(" -> ", cycle));
                return false;
            }
        }
        return true;
    }

    private List<String> cycleFrom(String id, Map<String, Integer> mark, List<String> path) {
        Integer m = mark.get(id);
        if (m != null && m == 2) {
            return null;
        }
        path.add(id);
        if (m != null) {
            return new ArrayList<>(path.subList(path.indexOf(id), path.size()));
        }
        mark.put(id, 1);
        for (String s : byId.get(id).successors()) {
            List<String> c = cycleFrom(s, mark, path);
            if (c != null) {
                return c;
            }
        }
        mark.put(id, 2);
        path.removeLast();
        return null;
    }

    private Set<String> descendants(String id) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(byId.get(id).successors());
        while (!todo.isEmpty()) {
            String s = todo.removeLast();
            if (seen.add(s)) {
                todo.addAll(byId.get(s).successors());
            }
        }
        return seen;
    }

    Set<String> ancestors(String id) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(preds.get(id));
        while (!todo.isEmpty()) {
            String s = todo.removeLast();
            if (seen.add(s)) {
                todo.addAll(preds.get(s));
            }
        }
        return seen;
    }

    /** A merge joins paths of one parallel node: at least two edges in, all of them after that parallel. */
    void merges() {
        for (Node n : def.nodes()) {
            if (!(n instanceof Node.MergeNode)) {
                continue;
            }
            List<String> in = preds.get(n.id());
            if (in.size() < 2) {
                errors.accept(n, "a merge needs at least two incoming paths, it has " + in.size());
                continue;
            }
            boolean afterParallel = def.nodes().stream()
                    .filter(p -> p instanceof Node.ParallelNode)
                    .anyMatch(p -> {
                        Set<String> after = descendants(p.id());
                        return after.contains(n.id())
                                && in.stream().allMatch(i -> i.equals(p.id()) || after.contains(i));
                    });
            if (!afterParallel) {
                errors.accept(n, "a merge must join paths that come from one parallel node");
            }
        }
    }

    /**
     * Two paths of one parallel node may meet only in a merge (or an end): anywhere else the node would run twice.
     * A path is followed up to the first merge it reaches.
     */
    void parallelPaths() {
        for (Node n : def.nodes()) {
            if (!(n instanceof Node.ParallelNode p)) {
                continue;
            }
            Map<String, String> firstArm = new HashMap<>();
            Set<String> reported = new HashSet<>();
            for (String arm : p.next()) {
                for (String id : untilMerge(arm)) {
                    String other = firstArm.putIfAbsent(id, arm);
                    Node reached = byId.get(id);
                    if (other != null
                            && !other.equals(arm)
                            && !(reached instanceof Node.MergeNode)
                            && !(reached instanceof Node.EndNode)
                            && reported.add(id)) {
                        errors.accept(
                                reached,
                                "is reached by two paths of parallel node '" + p.id() + "' (through '" + other
                                        + "' and '" + arm + "'); join them with a merge first");
                    }
                }
            }
        }
    }

    private Set<String> untilMerge(String from) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String s = todo.removeLast();
            if (seen.add(s) && !(byId.get(s) instanceof Node.MergeNode)) {
                todo.addAll(byId.get(s).successors());
            }
        }
        return seen;
    }
}
