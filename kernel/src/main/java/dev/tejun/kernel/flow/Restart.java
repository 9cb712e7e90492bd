package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.flow.state.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picking up after a restart: the engine rebuilds the instances the store holds as unfinished, each instance takes
 * over what its nodes were doing (a called flow still alive is waited for again, a node whose process died with the
 * old server is interrupted), and a user resumes the interrupted nodes later. The instance's lock is held by its
 * caller for the per-instance steps.
 */
final class Restart {

    private Restart() {}

    /** Rebuilds the unfinished instances into {@code live}, called flows before their callers so a caller can attach. */
    static void recoverAll(FlowEngine engine, FlowStore store, Map<String, InstanceRun> live) {
        recover(engine, store, live, fi -> true);
    }

    /**
     * Rebuilds the unfinished instances that are not in {@code live} yet and that {@code claim} accepts (it may claim
     * them in the store as it answers); returns their ids.
     */
    static List<String> recover(
            FlowEngine engine, FlowStore store, Map<String, InstanceRun> live, Predicate<FlowInstance> claim) {
        List<FlowInstance> unfinished = store.unfinished().stream()
                .filter(fi -> !live.containsKey(fi.id()))
                .filter(claim)
                .toList();
        for (FlowInstance fi : unfinished) {
            String text = store.definition(fi.id()).orElseThrow();
            FlowDefinition def = FlowParser.parse(fi.flow(), text).definition();
            live.put(fi.id(), new InstanceRun(engine, def, fi, store.outputs(fi.id())));
        }
        List<FlowInstance> order = new ArrayList<>(unfinished);
        order.sort((a, b) -> Integer.compare(depth(b, unfinished), depth(a, unfinished)));
        for (FlowInstance fi : order) {
            InstanceRun run = live.get(fi.id());
            if (run != null) {
                run.recover();
            }
        }
        return unfinished.stream().map(FlowInstance::id).toList();
    }

    private static int depth(FlowInstance fi, List<FlowInstance> all) {
        int d = 0;
        String parent = fi.parentId();
        while (parent != null && d < 100) {
            String p = parent;
            parent = all.stream()
                    .filter(x -> x.id().equals(p))
                    .findFirst()
                    .map(FlowInstance::parentId)
                    .orElse(null);
            d++;
        }
        return d;
    }

    /**
     * Takes over one instance: nodes that were running are interrupted (their processes died with the server), except
     * a call node whose called flow is still alive (paused, say): it goes on waiting for it.
     */
    static void recover(InstanceRun run, FlowEngine engine) {
        for (NodeState s : run.states()) {
            if (s.status() != NodeStatus.RUNNING) {
                continue;
            }
            Optional<InstanceRun> child = Optional.ofNullable(s.child()).flatMap(engine::live);
            boolean alive = child.isPresent() && child.get().snapshot().status() != FlowStatus.INTERRUPTED;
            Optional<FlowInstance> ended = s.child() == null || child.isPresent()
                    ? Optional.empty()
                    : engine.store().get(s.child()).filter(c -> c.status().finished());
            if (alive) {
                run.works().attach(s.nodeId(), child.get());
            } else if (ended.isPresent()) {
                run.works().callEnded(s.nodeId(), ended.get());
            } else {
                run.mark(s.nodeId(), NodeStatus.INTERRUPTED, null, "interrupted: the server stopped while it ran");
            }
        }
        // a transition cut short by the crash: a node whose inputs all arrived but that had not started yet
        for (NodeState s : run.states()) {
            run.arrive(s.nodeId());
        }
        run.refresh();
    }

    /** Runs the interrupted nodes of {@code run} again (a called flow that was interrupted is resumed itself). */
    static void resume(InstanceRun run, String user, String via) {
        synchronized (run) {
            resumeLocked(run, user, via);
        }
    }

    private static void resumeLocked(InstanceRun run, String user, String via) {
        Journal journal = run.journal();
        List<NodeState> interrupted = run.states().stream()
                .filter(s -> s.status() == NodeStatus.INTERRUPTED)
                .toList();
        if (interrupted.isEmpty() || run.stopping()) {
            throw new IllegalStateException("flow instance " + run.id() + " has no interrupted node to resume");
        }
        journal.instance(
                Transition.Kind.RESUMED,
                user,
                via,
                FlowStatus.RUNNING.key(),
                "resumes " + interrupted.stream().map(NodeState::nodeId).toList());
        for (NodeState s : interrupted) {
            run.restart(s.withStatus(NodeStatus.PENDING, null), user);
        }
        run.refresh();
    }
}
