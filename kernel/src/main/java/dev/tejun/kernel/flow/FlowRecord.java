package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.Transition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything known about one flow instance: its state, the exact flow text it ran, and its history, with the
 * records of the flows its {@code call} nodes ran.
 *
 * @param definition the flow file's text as it was when the instance started
 * @param calls      the records of the instances its call nodes started, in node order (each with its own calls)
 */
public record FlowRecord(
        FlowInstance instance, String definition, List<Transition> transitions, List<FlowRecord> calls) {

    public FlowRecord {
        transitions = List.copyOf(transitions);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    /** A record of an instance that called no flow. */
    public FlowRecord(FlowInstance instance, String definition, List<Transition> transitions) {
        this(instance, definition, transitions, List.of());
    }

    /** Every run id a runbook node started, in the order they started (a resumed node has several). */
    public Set<String> runIds() {
        Set<String> out = new LinkedHashSet<>();
        for (Transition t : transitions) {
            if (t.runId() != null && t.kind() == Transition.Kind.NODE_STARTED) {
                out.add(t.runId());
            }
        }
        instance.nodes().stream().map(NodeState::runId).filter(r -> r != null).forEach(out::add);
        return out;
    }

    /**
     * The record of a stored or live instance ({@code get}), with its calls'; {@code depth} only guards against a
     * store that was edited into a loop (validation allows no recursion).
     */
    static Optional<FlowRecord> of(
            String instanceId, Function<String, Optional<FlowInstance>> get, FlowStore store, int depth) {
        return get.apply(instanceId)
                .map(fi -> new FlowRecord(
                        fi,
                        store.definition(instanceId).orElseThrow(),
                        store.transitions(instanceId, fi.flow()),
                        depth >= 20
                                ? List.of()
                                : fi.nodes().stream()
                                        .map(NodeState::child)
                                        .filter(c -> c != null)
                                        .distinct()
                                        .flatMap(c -> of(c, get, store, depth + 1).stream())
                                        .toList()));
    }
}
