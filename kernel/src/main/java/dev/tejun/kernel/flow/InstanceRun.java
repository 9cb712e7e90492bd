package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.Decisions.status;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One flow instance being run. The graph is driven by completions: when a node settles, each node after it looks
 * at what all of its incoming edges carry and either starts, skips, or keeps waiting. A node that does not run
 * still settles (as skipped) and passes on why, so a merge or end further on never waits for a path that will
 * not come and still sees a failure that happened upstream ("dead path elimination").
 *
 * <p>Every transition happens under this object's lock and is written to the store before anything else looks at
 * it. Work that takes time (a runbook, a for-each loop, a called flow) is started by {@link WorkNodes}, waited for
 * on a virtual thread of its own and settled there when it ends; {@link Stopping} drives a stop through this instance and its called
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
    private final WorkNodes works;
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
        this.works = new WorkNodes(this, engine, values, work);
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
            case Node.RunbookNode r -> works.startRunbook(r, user, now);
            case Node.CallNode c -> works.startCall(c, user, now);
            case Node.ForEachNode f -> works.startForEach(f, user, now);
            default -> throw new IllegalStateException("not started here: " + node);
        }
    }

    /** A node that could not start: it is recorded as started and failed at once, so its paths go on as failed. */
    void failStart(String id, String user, Instant now, String message) {
        put(states.get(id).started(NodeStatus.RUNNING, user, now));
        settle(id, NodeStatus.FAILED, Outcome.FAILED, message);
    }

    // ---- decisions from outside: approvals ({@link Holds}), resume ({@link Restart}), stops ({@link Stopping}) ----

    /** The hold points; their methods take this instance's lock. */
    Holds holds() {
        return holds;
    }

    /** The runbook, for-each and call nodes' work; their ends take this instance's lock. */
    WorkNodes works() {
        return works;
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

    /** The instance as its row reads, without its nodes. */
    FlowInstance header() {
        return header;
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

    /** Records a node's new state: the store, the history, the listeners; a settled node's locks go. */
    void put(NodeState s) {
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
