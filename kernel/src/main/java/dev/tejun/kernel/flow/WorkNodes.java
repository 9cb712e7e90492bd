package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.Decisions.status;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of one instance whose work takes time — a runbook run, a for-each node's iterations, a called flow: each
 * is started here, waited for by {@link NodeWork} on a thread of its own, and settled here when it ends (or left as a
 * stop or a server going down left it). Starts are called under the instance's lock; each end takes it.
 */
final class WorkNodes {

    private final InstanceRun run;
    private final FlowEngine engine;
    private final FlowValues values;
    private final NodeWork work;

    WorkNodes(InstanceRun run, FlowEngine engine, FlowValues values, NodeWork work) {
        this.run = run;
        this.engine = engine;
        this.values = values;
        this.work = work;
    }

    void startRunbook(Node.RunbookNode r, String user, Instant now) {
        RunbookStep step;
        try {
            step = RunbookStep.start(engine, run.header(), r, values, user);
        } catch (RuntimeException e) {
            run.failStart(r.id(), user, now, e.getMessage());
            return;
        }
        run.put(run.state(r.id()).started(NodeStatus.RUNNING, user, now).withRun(step.runId(), null));
        work.runbook(r.id(), step, this::runbookEnded);
    }

    private void runbookEnded(String nodeId, RunbookStep step, RunFinished result) {
        synchronized (run) {
            NodeState s = run.state(nodeId).withRun(step.runId(), result == null ? null : result.evidence());
            Outcome o = RunbookStep.outcome(result);
            workEnded(nodeId, s, step.outputs(), o, result == null ? "the run failed" : result.message());
        }
    }

    void startForEach(Node.ForEachNode f, String user, Instant now) {
        ForEachStep loop;
        try {
            loop = ForEachStep.prepare(engine, run.header(), f, values, user);
        } catch (RuntimeException e) {
            run.failStart(f.id(), user, now, e.getMessage());
            return;
        }
        run.put(run.state(f.id()).started(NodeStatus.RUNNING, user, now));
        work.loop(f.id(), loop, this::loopEnded);
    }

    private void loopEnded(String nodeId, ForEachStep.Result r) {
        synchronized (run) {
            workEnded(nodeId, run.state(nodeId), r.outputs(), r.outcome(), r.message());
        }
    }

    /** A runbook's or a loop's work ended: its values are kept and the node settles (or stays as a stop left it). */
    private void workEnded(String nodeId, NodeState s, Map<String, String> out, Outcome o, String message) {
        if (engine.closing()) {
            return; // the server is going down: the node stays "running" in the store and is interrupted at restart
        }
        work.done(nodeId);
        values.record(nodeId, out);
        engine.store().saveOutputs(run.id(), nodeId, out);
        run.replace(s);
        if (s.status() != NodeStatus.RUNNING) {
            run.put(s); // already marked (stopped) while its processes were ending; keep the evidence link
        } else if (run.stopping()) {
            run.mark(
                    nodeId,
                    NodeStatus.STOPPED,
                    Outcome.STOPPED,
                    "stopped by " + run.header().stoppedBy());
        } else {
            run.settle(nodeId, status(o), o, message);
        }
    }

    void startCall(Node.CallNode c, String user, Instant now) {
        NodeState s = run.state(c.id());
        Optional<InstanceRun> earlier = Optional.ofNullable(s.child()).flatMap(engine::live);
        InstanceRun child;
        try {
            if (earlier.isPresent()) {
                child = earlier.get();
                if (child.snapshot().status() == FlowStatus.INTERRUPTED) {
                    Restart.resume(child, user, null);
                }
            } else {
                FlowInstance header = run.header();
                child = engine.startChild(run, c, values.resolve(c.params()), user, header.via());
            }
        } catch (RuntimeException e) {
            run.failStart(c.id(), user, now, "cannot start flow " + c.flow() + ": " + e.getMessage());
            return;
        }
        run.put(s.started(NodeStatus.RUNNING, user, now).withChild(child.id()));
        attach(c.id(), child);
    }

    /** Waits for a called flow to finish, then settles the call node with its result. */
    void attach(String nodeId, InstanceRun child) {
        work.call(nodeId, child, this::callEnded);
    }

    void callEnded(String nodeId, FlowInstance child) {
        synchronized (run) {
            if (engine.closing()) {
                return;
            }
            work.done(nodeId);
            Outcome o = Decisions.outcome(child.status());
            String message = "flow " + child.flow() + " ended " + child.status().key();
            if (run.state(nodeId).status() != NodeStatus.RUNNING) {
                return;
            }
            if (run.stopping()) {
                run.mark(nodeId, NodeStatus.STOPPED, Outcome.STOPPED, message);
            } else {
                run.settle(nodeId, status(o), o, message);
            }
        }
    }
}
