package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.template.Template;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a merge or a branch decides from what its incoming edges carry: pure functions, apart from the graph's
 * state, so the rules for joins and choices read in one place.
 */
final class Decisions {

    /** How a node settles; {@code chosen} is the branch's next node, null for anything else. */
    record Settlement(NodeStatus status, Outcome passes, String message, String chosen) {

        static Settlement of(Outcome passes, String message) {
            return new Settlement(Decisions.status(passes), passes, message, null);
        }
    }

    private Decisions() {}

    /** {@code tokens}: what each incoming edge carries, by the node it comes from, in the definition's order. */
    static Settlement merge(Node.MergeNode m, Map<String, Outcome> tokens) {
        if (tokens.values().stream().allMatch(t -> t == Outcome.SKIPPED)) {
            return Settlement.of(Outcome.SKIPPED, "skipped: no path reached it");
        }
        List<String> bad = new ArrayList<>();
        tokens.forEach((from, t) -> {
            if (t == Outcome.FAILED || t == Outcome.STOPPED) {
                bad.add(from + " (" + t.key() + ")");
            }
        });
        Outcome live = tokens.values().stream().filter(Outcome::live).reduce(Outcome.OK, Outcome::worst);
        if (bad.isEmpty()) {
            return Settlement.of(live, null);
        }
        String which = "incoming paths that did not succeed: " + String.join(", ", bad);
        return switch (m.onFailure()) {
            case FAIL -> Settlement.of(Outcome.FAILED, "on-failure fail: " + which);
            case WARN -> Settlement.of(Outcome.WARNING, "on-failure warn: " + which);
            case CONTINUE -> Settlement.of(live, "on-failure continue: " + which);
        };
    }

    /** {@code lookup} answers the references a {@code when} test uses ({@code ${nodes.…}}, {@code ${params.…}}). */
    static Settlement branch(Node.BranchNode b, List<Outcome> tokens, Function<String, Optional<String>> lookup) {
        List<Outcome> real = tokens.stream().filter(t -> t != Outcome.SKIPPED).toList();
        if (real.isEmpty()) {
            return Settlement.of(Outcome.SKIPPED, "skipped: not on the chosen path");
        }
        Outcome in = real.stream().reduce(null, Outcome::worst);
        String target = null;
        String why = null;
        if (in.live()) {
            for (Node.When w : b.when()) {
                String value;
                try {
                    value = Template.FLOWS.fill(w.value(), lookup);
                } catch (Template.Unresolved e) {
                    return Settlement.of(Outcome.FAILED, "cannot test " + w.value() + ": " + e.getMessage());
                }
                if (value.strip().equals(w.equalsText())) {
                    target = w.next();
                    why = w.value() + " is '" + w.equalsText() + "'";
                    break;
                }
            }
        }
        if (target == null && b.on().containsKey(in)) {
            target = b.on().get(in);
            why = "result " + in.key();
        }
        if (target == null && b.otherwise() != null) {
            target = b.otherwise();
            why = "default (result " + in.key() + ")";
        }
        if (target == null) {
            return Settlement.of(in.live() ? Outcome.FAILED : in, "no path for result " + in.key());
        }
        return new Settlement(NodeStatus.OK, Outcome.OK, "chose " + target + ": " + why, target);
    }

    /** The result of an instance whose nodes have all settled: the worst of the ends reached ("the worst wins"). */
    static Settlement result(FlowDefinition def, Map<String, NodeState> states) {
        Outcome result = null;
        List<String> ends = new ArrayList<>();
        for (Node n : def.nodes()) {
            NodeState s = states.get(n.id());
            if (n instanceof Node.EndNode && s.passes() != null && s.passes() != Outcome.SKIPPED) {
                result = Outcome.worst(result, s.passes());
                ends.add(n.id() + " (" + s.passes().key() + ")");
            }
        }
        return Settlement.of(
                result == null ? Outcome.OK : result,
                "ends: " + (ends.isEmpty() ? "none reached" : String.join(", ", ends)));
    }

    /** What a call node passes on: its called flow's result (an interrupted or failed flow is a failure). */
    static Outcome outcome(FlowStatus flow) {
        return switch (flow) {
            case OK -> Outcome.OK;
            case WARNING -> Outcome.WARNING;
            case STOPPED -> Outcome.STOPPED;
            default -> Outcome.FAILED;
        };
    }

    static NodeStatus status(Outcome o) {
        return NodeStatus.valueOf(o.name());
    }

    /** The status of an instance whose nodes have not all settled: interrupted, running or paused, in that order. */
    static FlowStatus unfinished(Collection<NodeState> nodes) {
        Set<NodeStatus> seen = nodes.stream().map(NodeState::status).collect(Collectors.toSet());
        return seen.contains(NodeStatus.INTERRUPTED)
                ? FlowStatus.INTERRUPTED
                : seen.contains(NodeStatus.RUNNING)
                        ? FlowStatus.RUNNING
                        : seen.contains(NodeStatus.PAUSED) ? FlowStatus.PAUSED : FlowStatus.RUNNING;
    }
}
