package dev.tejun.kernel.flow;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.flow.state.FlowInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The work under way for one instance's nodes: runbook runs and called flows, each waited for on a virtual thread of
 * its own that reports back to the instance when the work ends. The instance calls this under its lock; the waiting
 * threads never touch it, they only call back, so the instance decides what an end means (settled, stopped, or
 * nothing at all while the server goes down).
 */
final class NodeWork {

    /** A runbook node's run ended: {@code result} is null when the run failed to finish (interrupted, broken). */
    @FunctionalInterface
    interface RunbookEnd {
        void ended(String nodeId, RunbookStep step, RunFinished result);
    }

    /** A called flow finished. */
    @FunctionalInterface
    interface CallEnd {
        void ended(String nodeId, FlowInstance child);
    }

    /** A for-each node's iterations ended. */
    @FunctionalInterface
    interface LoopEnd {
        void ended(String nodeId, ForEachStep.Result result);
    }

    /** One node's work (one of step, child, loop), and a future done when its waiting thread is. */
    private record Running(RunbookStep step, InstanceRun child, ForEachStep loop, CompletableFuture<Void> ended) {}

    private final String threadPrefix;
    private final Map<String, Running> running = new HashMap<>();

    NodeWork(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    /** Waits for {@code step} on its own thread; an interrupt of that thread is passed on to the run's cells. */
    void runbook(String nodeId, RunbookStep step, RunbookEnd onEnd) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        running.put(nodeId, new Running(step, null, null, ended));
        Thread.ofVirtual().name(threadPrefix + nodeId).start(() -> {
            RunFinished result = null;
            try {
                result = step.await();
            } catch (InterruptedException e) {
                step.interrupt();
            } finally {
                step.close();
                onEnd.ended(nodeId, step, result);
                ended.complete(null);
            }
        });
    }

    /** Waits for a called flow to finish on its own thread. */
    void call(String nodeId, InstanceRun child, CallEnd onEnd) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        running.put(nodeId, new Running(null, child, null, ended));
        Thread.ofVirtual().name(threadPrefix + nodeId).start(() -> {
            try {
                onEnd.ended(nodeId, child.finished().join());
            } finally {
                ended.complete(null);
            }
        });
    }

    /** Runs a for-each node's iterations on their own thread; an interrupt of it stops them. */
    void loop(String nodeId, ForEachStep loop, LoopEnd onEnd) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        running.put(nodeId, new Running(null, null, loop, ended));
        Thread.ofVirtual().name(threadPrefix + nodeId).start(() -> {
            try {
                onEnd.ended(nodeId, loop.run());
            } finally {
                ended.complete(null);
            }
        });
    }

    /** The node's work has been accounted for. */
    void done(String nodeId) {
        running.remove(nodeId);
    }

    /**
     * Interrupts every runbook run, a for-each node's included (its cells kill their process trees) and answers the futures that are done when
     * their threads have reported back. Called flows are not touched: their callers stop them themselves.
     */
    List<CompletableFuture<Void>> interruptRunbooks() {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Running r : running.values()) {
            if (r.step() != null) {
                r.step().interrupt();
                waits.add(r.ended());
            } else if (r.loop() != null) {
                r.loop().interrupt();
                waits.add(r.ended());
            }
        }
        return waits;
    }

    /** The called flows being waited for. */
    List<InstanceRun> children() {
        return running.values().stream()
                .map(Running::child)
                .filter(Objects::nonNull)
                .toList();
    }

    /** Every waiting thread's future, runbooks and calls alike. */
    List<CompletableFuture<Void>> all() {
        return running.values().stream().map(Running::ended).toList();
    }
}
