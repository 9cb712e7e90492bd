package dev.tejun.kernel.schedule;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Runs a runbook or flow to its end without anybody watching; shared by schedules and alert rules. */
@FunctionalInterface
public interface TargetRunner {

    /** Blocks until the run ends; a run that cannot start is a failed result, never an exception. */
    RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException;

    /**
     * Starts the run and answers its end without waiting for it, so a long wait (a flow at a hold point, a runbook at
     * a pause cell) holds no thread of the caller; {@code launched} is told the run id (or flow instance id) as soon
     * as there is one, before the run can end. By default the run goes to its end on the caller's thread.
     */
    default CompletableFuture<RunResult> start(
            Target target, Map<String, String> params, ServiceIdentity as, Consumer<String> launched)
            throws InterruptedException {
        return CompletableFuture.completedFuture(run(target, params, as));
    }

    /**
     * The end of run {@code runId} of {@code target}, started earlier through {@link #start} as {@code as} (by a
     * previous life of this server, or by a server that is gone); empty when such a run cannot be followed (then it
     * counts as cut off). Cancelling the answer stops the following, not the run.
     */
    default Optional<CompletableFuture<RunResult>> follow(Target target, String runId, ServiceIdentity as) {
        return Optional.empty();
    }
}
