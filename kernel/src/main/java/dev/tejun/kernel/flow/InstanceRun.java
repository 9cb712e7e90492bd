package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.Decisions.status;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.flow.state.Transition;
import dev.tejun.kernel.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One flow instance being run. The graph is driven by completions: when a node settles, each node after it looks
 * at what all of its incoming edges carry and either starts, skips, or keeps waiting. A node that does not run
 * still settles (as skipped) and passes on why, so a merge or end further on never waits for a path that will
 * not come and still sees a failure that happened upstream ("dead path elimination").
 *
 * <p>Every transition happens under this object's lock and is written to the store before anything else looks at
 * it. Work that takes time (a runbook, a called flow) is waited for by {@link NodeWork} on a virtual thread of its
 * own, which comes back here when it ends; {@link Stopping} drives a stop through this instance and its called
 * flows; {@link LockWaits} holds nodes back until the locks they need are held. Lock order is always parent before
 * child.
 */
final class InstanceRun {

    private final FlowEngine engine;
    private final FlowDefinition def;
    private final Map<String, List<String>> preds;
    private final Map<String, NodeState> states = new LinkedHashMap<>();
    private final FlowValues values;
    private final Journal journal;
    private final NodeWork work;
    private final Holds holds;
    private final CompletableFuture<FlowInstance> finished = new CompletableFuture<>();
    private final FlowLocks locks;
    private final LockWaits lockWaits;

    private FlowInstance header;
    private volatile boolean stopping;

    InstanceRun(
            FlowEngine engine, FlowDefinition def, FlowInstance instance, Map<String, Map<String, String>> outputs) {
        this.engine = engine;
        this.def = def;
        this.preds = def.predecessors();
        this.header = instance.withNodes(List.of());
        this.values = new FlowValues(instance.params(), instance.secretParams(), outputs);
        this.journal = new Journal(engine, instance);
        this.work = new NodeWork("flow-" + instance.id() + "-");
        this.holds = new Holds(this, def, values, journal);
        this.locks = LockWaits.flowLocks(engine, def, instance);
        this.lockWaits = new LockWaits(this, engine, locks);
        for (Node n : def.nodes()) {
            states.put(n.id(), instance.node(n.id()).orElse(NodeState.pending(n.id(), n.type())));
        }
    }

    FlowDefinition definition() {
        return def;
    }

    String id() {
        return header.id();
    }

    CompletableFuture<FlowInstance> finished() {
        return finished;
    }

    synchronized FlowInstance snapshot() {
        return header.withNodes(new ArrayList<>(states.values()));
    }

    /** Starts the first node; {@code origin}, if any, goes into the "started" entry of the history. */
    synchronized void begin(String origin) {
        journal.instance(
                Transition.Kind.STARTED,
                header.startedBy(),
                null,
                header.status().key(),
                header.parentId() == null ? origin : "called by " + header.parentId() + " node " + header.parentNode());
        lockWaits.whenLocked(() -> arrive(def.start()));
        refresh();
    }

    /** The locks what node {@code nodeId} starts need not take again: this instance's, the node's, the callers'. */
    Set<String> covered(String nodeId) {
        return locks.covered(nodeId);
    }

    /** The services node {@code nodeId}'s runbook runs use: their guard knows what the instance and node hold. */
    Session.Services services(String nodeId) {
        return locks.services(nodeId);
    }

    // ---- moving through the graph ----

    /** Called whenever something changed upstream of {@code id}: starts, skips, or keeps the node waiting. */
    void arrive(String id) {
        if (stopping
                || !lockWaits.locked()
                || lockWaits.waiting(id)
                || states.get(id).status() != NodeStatus.PENDING) {
            return;
        }
        Map<String, Outcome> byPredecessor = new LinkedHashMap<>();
        for (String p : preds.get(id)) {
            Outcome t = token(p, id);
            if (t == null) {
                return;
            }
            byPredecessor.put(p, t);
        }
        List<Outcome> tokens = List.copyOf(byPredecessor.values());
        Node node = def.node(id).orElseThrow();
        Outcome dead = tokens.stream().filter(t -> !t.live()).reduce(null, Outcome::worst);
        switch (node) {
            case Node.MergeNode m -> settle(id, Decisions.merge(m, byPredecessor));
            case Node.BranchNode b -> settle(id, Decisions.branch(b, tokens, values::lookup));
            default -> {
                if (tokens.isEmpty() || tokens.stream().anyMatch(Outcome::live)) {
                    start(node, dead, header.startedBy());
                } else {
                    settle(
                            id,
                            NodeStatus.SKIPPED,
                            dead,
                            dead == Outcome.SKIPPED
                                    ? "skipped: not on the chosen path"
                                    : "skipped: a node before it ended " + dead.key());
                }
            }
        }
    }

    /** What the edge {@code from → to} carries, or null while {@code from} has not settled. */
    private Outcome token(String from, String to) {
        NodeState s = states.get(from);
        if (!s.status().settled()) {
            return null;
        }
        if (def.node(from).orElseThrow() instanceof Node.BranchNode && s.status() == NodeStatus.OK) {
            return to.equals(s.chosen()) ? Outcome.OK : Outcome.SKIPPED;
        }
        return s.passes();
    }

    private void settle(String id, Decisions.Settlement d) {
        if (d.chosen() != null) {
            states.put(id, states.get(id).withChosen(d.chosen()));
        }
        settle(id, d.status(), d.passes(), d.message());
    }

    /** Starts a node whose incoming paths let it run. {@code dead} is the worst failure that also arrived, if any. */
    void start(Node node, Outcome dead, String user) {
        Instant now = engine.now();
        if (locks.nodeToTake(node.id())) {
            lockWaits.lockThenStart(node, dead, user);
            return;
        }
        switch (node) {
            case Node.ParallelNode p -> settle(p.id(), NodeStatus.OK, Outcome.OK, null);
            case Node.EndNode e ->
                settle(
                        e.id(),
                        status(e.result()),
                        Outcome.worst(e.result(), dead),
                        dead == null ? null : "an incoming path ended " + dead.key());
            case Node.PauseNode p -> {
                // the preview is marked as being made before the node shows paused, so nobody reads "no preview"
                engine.holdReached(id(), p.id(), def, values.copy(), new Actor(header.startedBy(), header.via()));
                put(holds.hold(p, states.get(p.id()), now));
            }
            case Node.RunbookNode r -> startRunbook(r, user, now);
            case Node.CallNode c -> startCall(c, user, now);
            case Node.ForEachNode f -> startForEach(f, user, now);
            default -> throw new IllegalStateException("not started here: " + node);
        }
    }

    private void startRunbook(Node.RunbookNode r, String user, Instant now) {
        RunbookStep step;
        try {
            step = RunbookStep.start(engine, header, r, values, user);
        } catch (RuntimeException e) {
            failStart(r.id(), user, now, e.getMessage());
            return;
        }
        put(states.get(r.id()).started(NodeStatus.RUNNING, user, now).withRun(step.runId(), null));
        work.runbook(r.id(), step, this::runbookEnded);
    }

    private synchronized void runbookEnded(String nodeId, RunbookStep step, RunFinished result) {
        NodeState s = states.get(nodeId).withRun(step.runId(), result == null ? null : result.evidence());
        Outcome o = RunbookStep.outcome(result);
        workEnded(nodeId, s, step.outputs(), o, result == null ? "the run failed" : result.message());
    }

    private void startForEach(Node.ForEachNode f, String user, Instant now) {
        ForEachStep loop;
        try {
            loop = ForEachStep.prepare(engine, header, f, values, user);
        } catch (RuntimeException e) {
            failStart(f.id(), user, now, e.getMessage());
            return;
        }
        put(states.get(f.id()).started(NodeStatus.RUNNING, user, now));
        work.loop(f.id(), loop, this::loopEnded);
    }

    private synchronized void loopEnded(String nodeId, ForEachStep.Result r) {
        workEnded(nodeId, states.get(nodeId), r.outputs(), r.outcome(), r.message());
    }

    /** A runbook's or a loop's work ended: its values are kept and the node settles (or stays as a stop left it). */
    private void workEnded(String nodeId, NodeState s, Map<String, String> out, Outcome o, String message) {
        if (engine.closing()) {
            return; // the server is going down: the node stays "running" in the store and is interrupted at restart
        }
        work.done(nodeId);
        values.record(nodeId, out);
        engine.store().saveOutputs(id(), nodeId, out);
        states.put(nodeId, s);
        if (s.status() != NodeStatus.RUNNING) {
            put(s); // already marked (stopped) while its processes were ending; keep the evidence link
        } else if (stopping) {
            mark(nodeId, NodeStatus.STOPPED, Outcome.STOPPED, "stopped by " + header.stoppedBy());
        } else {
            settle(nodeId, status(o), o, message);
        }
    }

    private void startCall(Node.CallNode c, String user, Instant now) {
        NodeState s = states.get(c.id());
        Optional<InstanceRun> earlier = Optional.ofNullable(s.child()).flatMap(engine::live);
        InstanceRun child;
        try {
            if (earlier.isPresent()) {
                child = earlier.get();
                if (child.snapshot().status() == FlowStatus.INTERRUPTED) {
                    Restart.resume(child, user, null);
                }
            } else {
                child = engine.startChild(this, c, values.resolve(c.params()), user, header.via());
            }
        } catch (RuntimeException e) {
            failStart(c.id(), user, now, "cannot start flow " + c.flow() + ": " + e.getMessage());
            return;
        }
        put(s.started(NodeStatus.RUNNING, user, now).withChild(child.id()));
        attach(c.id(), child);
    }

    /** A node that could not start: it is recorded as started and failed at once, so its paths go on as failed. */
    void failStart(String id, String user, Instant now, String message) {
        put(states.get(id).started(NodeStatus.RUNNING, user, now));
        settle(id, NodeStatus.FAILED, Outcome.FAILED, message);
    }

    /** Waits for a called flow to finish, then settles the call node with its result. */
    void attach(String nodeId, InstanceRun child) {
        work.call(nodeId, child, this::callEnded);
    }

    synchronized void callEnded(String nodeId, FlowInstance child) {
        if (engine.closing()) {
            return;
        }
        work.done(nodeId);
        Outcome o = Decisions.outcome(child.status());
        String message = "flow " + child.flow() + " ended " + child.status().key();
        if (states.get(nodeId).status() != NodeStatus.RUNNING) {
            return;
        }
        if (stopping) {
            mark(nodeId, NodeStatus.STOPPED, Outcome.STOPPED, message);
        } else {
            settle(nodeId, status(o), o, message);
        }
    }

    // ---- decisions from outside: approvals ({@link Holds}), resume ({@link Restart}), stops ({@link Stopping}) ----

    /** The hold points; their methods take this instance's lock. */
    Holds holds() {
        return holds;
    }

    /**
     * First pass of a stop ({@link Stopping}), for this instance only: no node starts from now on and every running
     * cell is interrupted; {@code waits} gets what to wait for. Answers the called flows to halt as well.
     */
    synchronized List<InstanceRun> halt(String user, List<CompletableFuture<Void>> waits) {
        if (finished.isDone() || stopping) {
            return List.of();
        }
        stopping = true;
        header = header.withStatus(header.status(), null, user, null);
        waits.addAll(work.interruptRunbooks());
        return work.children();
    }

    /** The flows this instance's call nodes are waiting for. */
    synchronized List<InstanceRun> calls() {
        return work.children();
    }

    /** Second pass of a stop: whatever has not settled is marked stopped (or skipped if it never started). */
    synchronized void markStopped(String user, String via, boolean emergency) {
        if (finished.isDone()) {
            return;
        }
        String why = Stopping.journal(journal, user, via, emergency);
        Stopping.markNodes(this, why);
        finish(FlowStatus.STOPPED, user, why);
    }

    /** For a server going down: ends the processes of running runbooks without recording anything. */
    synchronized List<CompletableFuture<Void>> abandon() {
        work.interruptRunbooks();
        return work.all();
    }

    // ---- for Restart and Holds ----

    /** After a restart: takes over what the nodes were doing when the server stopped. */
    synchronized void recover() {
        Restart.recover(this, engine);
        // the locks are taken again (same owner: still ours unless the lease ran out and another run took them)
        lockWaits.whenLocked(() -> states.keySet().forEach(this::arrive));
    }

    Journal journal() {
        return journal;
    }

    /** A copy of the node states, in the flow's order. */
    List<NodeState> states() {
        return List.copyOf(states.values());
    }

    NodeState state(String nodeId) {
        return states.get(nodeId);
    }

    boolean stopping() {
        return stopping;
    }

    /** Changes a node's state without recording it: the transition that follows records it. */
    void replace(NodeState s) {
        states.put(s.nodeId(), s);
    }

    /** Starts an interrupted node again as {@code user}. */
    void restart(NodeState pending, String user) {
        if (!lockWaits.locked()) {
            throw new IllegalStateException(
                    "flow instance " + id() + " waits for its locks; resume it once it holds them");
        }
        states.put(pending.nodeId(), pending);
        start(def.node(pending.nodeId()).orElseThrow(), null, user);
    }

    // ---- recording ----

    void settle(String id, NodeStatus status, Outcome passes, String message) {
        if (passes != null && passes.live() && !(def.node(id).orElseThrow() instanceof Node.BranchNode)) {
            // a warning travels along its path like a failure does, until a branch takes it or an end reports it
            passes = Outcome.worst(passes, liveIn(id));
        }
        mark(id, status, passes, message);
        for (String next : def.node(id).orElseThrow().successors()) {
            arrive(next);
        }
        refresh();
    }

    private Outcome liveIn(String id) {
        return preds.get(id).stream()
                .map(p -> token(p, id))
                .filter(t -> t != null && t.live())
                .reduce(null, Outcome::worst);
    }

    void mark(String id, NodeStatus status, Outcome passes, String message) {
        put(states.get(id).settled(status, passes, message, engine.now()));
    }

    private void put(NodeState s) {
        if (s.status().settled()) {
            locks.releaseNode(s.nodeId());
        }
        NodeState before = states.put(s.nodeId(), s);
        engine.store().saveNode(id(), s);
        journal.node(before, s);
        engine.announce(new FlowChange.NodeChanged(id(), s));
    }

    /** Recomputes the instance status from its nodes; finishes the instance when every node has settled. */
    void refresh() {
        if (finished.isDone() || stopping) {
            return;
        }
        boolean settled = states.values().stream().allMatch(s -> s.status().settled());
        if (settled) {
            Decisions.Settlement result = Decisions.result(def, states);
            finish(FlowStatus.valueOf(result.passes().name()), null, result.message());
            return;
        }
        FlowStatus now = Decisions.unfinished(states.values());
        if (now != header.status()) {
            header = header.withStatus(now, null, header.stoppedBy(), header.message());
            engine.store().saveInstance(header);
            engine.announce(new FlowChange.InstanceChanged(snapshot()));
        }
    }

    void finish(FlowStatus status, String stoppedBy, String message) {
        header = header.withStatus(status, engine.now(), stoppedBy, message);
        engine.store().saveInstance(header);
        journal.instance(Transition.Kind.FINISHED, stoppedBy, null, status.key(), message);
        locks.releaseAll();
        FlowInstance done = snapshot();
        engine.announce(new FlowChange.InstanceChanged(done));
        engine.ended(this);
        finished.complete(done);
    }
}
