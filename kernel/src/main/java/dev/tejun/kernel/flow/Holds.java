package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.Decisions.status;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The hold points of one instance: a pause node waits with its message and deadline, an approver's decision (or the
 * deadline) settles it, and the decision goes into the history. Each takes the instance's lock.
 */
final class Holds {

    private static final Duration TICK = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(Holds.class.getName());

    private final InstanceRun run;
    private final FlowDefinition def;
    private final FlowValues values;
    private final Journal journal;

    Holds(InstanceRun run, FlowDefinition def, FlowValues values, Journal journal) {
        this.run = run;
        this.def = def;
        this.values = values;
        this.journal = journal;
    }

    /** The pause node {@code p} starts waiting at {@code now}. */
    NodeState hold(Node.PauseNode p, NodeState s, Instant now) {
        return s.started(NodeStatus.PAUSED, null, now)
                .withDeadline(p.timeout() == null ? null : now.plus(p.timeout()))
                .withStatus(NodeStatus.PAUSED, p.message() == null ? null : values.lenient(p.message()));
    }

    /** An approval or rejection of a paused node; {@code message}, when given, replaces "approved by USER". */
    void decide(String nodeId, boolean approve, String user, String via, String comment, String message) {
        synchronized (run) {
            decideLocked(nodeId, approve, user, via, comment, message);
        }
    }

    private void decideLocked(String nodeId, boolean approve, String user, String via, String comment, String message) {
        NodeState s = run.state(nodeId);
        if (s == null) {
            throw new IllegalArgumentException("flow instance " + run.id() + " has no node '" + nodeId + "'");
        }
        if (s.status() != NodeStatus.PAUSED || run.stopping()) {
            throw new IllegalStateException("node '" + nodeId + "' is not waiting for approval (it is "
                    + s.status().key() + ")");
        }
        run.replace(s.withDecision(user, comment));
        Outcome o = approve ? Outcome.OK : Outcome.FAILED;
        String said = message != null ? message : (approve ? "approved by " : "rejected by ") + user;
        journal.decision(approve, nodeId, user, via, comment, said);
        run.settle(nodeId, status(o), o, said);
    }

    /** Applies pause timeouts that are due at {@code now}. */
    void timeouts(Instant now) {
        synchronized (run) {
            timeoutsLocked(now);
        }
    }

    private void timeoutsLocked(Instant now) {
        for (NodeState s : run.states()) {
            if (s.status() == NodeStatus.PAUSED
                    && s.deadline() != null
                    && !now.isBefore(s.deadline())
                    && !run.stopping()) {
                Node.PauseNode p = (Node.PauseNode) def.node(s.nodeId()).orElseThrow();
                decideLocked(
                        s.nodeId(),
                        p.approveOnTimeout(),
                        "timeout",
                        null,
                        null,
                        "timed out after " + p.timeout() + ": " + (p.approveOnTimeout() ? "approved" : "rejected")
                                + " as on-timeout says");
            }
        }
    }

    /** The engine's clock of pause timeouts: every {@link #TICK} until {@code closing}, over the live instances. */
    static Thread clock(BooleanSupplier closing, Supplier<Instant> now, Collection<InstanceRun> live) {
        return Thread.ofVirtual().name("flow-timeouts").start(() -> {
            while (!closing.getAsBoolean()) {
                try {
                    Thread.sleep(TICK);
                } catch (InterruptedException e) {
                    return;
                }
                Instant at = now.get();
                for (InstanceRun run : live) {
                    try {
                        run.holds().timeouts(at);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "pause timeout of flow " + run.id() + " failed", e);
                    }
                }
            }
        });
    }
}
