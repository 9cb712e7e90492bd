package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.flow.state.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How an instance is stopped together with the flows its call nodes run (Exastro #1834: a stop that left a parallel
 * branch running). In two passes over the tree of instances: first nothing may start any more and every running
 * cell everywhere is interrupted (their process trees killed); then, once those cells have ended or the wait is
 * over, whatever has not settled is marked stopped, called flows before their callers. The passes take each
 * instance's lock in turn, never two at once, so a called flow reporting its end to its caller cannot deadlock with
 * a stop.
 */
final class Stopping {

    private Stopping() {}

    /** Stops {@code run} and the flows below it; returns when they are recorded as stopped. */
    static void stop(InstanceRun run, Actor actor, boolean emergency, Duration wait) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        halt(run, actor.user(), waits);
        awaitAll(waits, wait);
        mark(run, actor, emergency);
    }

    private static void halt(InstanceRun run, String user, List<CompletableFuture<Void>> waits) {
        for (InstanceRun child : run.halt(user, waits)) {
            // a call's waiter ends only when the child is marked stopped; wait for the child's own cells instead
            halt(child, user, waits);
        }
    }

    private static void mark(InstanceRun run, Actor actor, boolean emergency) {
        for (InstanceRun child : run.calls()) {
            mark(child, actor, emergency);
        }
        run.markStopped(actor.user(), actor.via(), emergency);
    }

    /** Waits for {@code waits}, at most {@code limit}; what is still running then is left to its own kill. */
    static void awaitAll(List<CompletableFuture<Void>> waits, Duration limit) {
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // recorded as stopped anyway; the cells' own kill goes on (SIGKILL after its grace period)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whatever has not settled in {@code run} is marked stopped, or skipped if it never started ({@code why}). */
    static void markNodes(InstanceRun run, String why) {
        for (NodeState s : run.states()) {
            switch (s.status()) {
                case RUNNING, PAUSED, INTERRUPTED -> run.mark(s.nodeId(), NodeStatus.STOPPED, Outcome.STOPPED, why);
                case PENDING -> run.mark(s.nodeId(), NodeStatus.SKIPPED, Outcome.SKIPPED, "not started: " + why);
                default -> {}
            }
        }
    }

    /** Writes the stop into the instance's history; answers why its nodes stopped ("emergency stop by USER"). */
    static String journal(Journal journal, String user, String via, boolean emergency) {
        String how = emergency ? "emergency stop" : "stopped";
        journal.instance(
                emergency ? Transition.Kind.EMERGENCY_STOPPED : Transition.Kind.STOPPED,
                user,
                via,
                FlowStatus.STOPPED.key(),
                how + " by " + user);
        return how + " by " + user;
    }
}
