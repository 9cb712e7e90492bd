package dev.tejun.server.runs;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.schedule.KernelRunner;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.audit.Via;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.runs.queue.QueuedRun;
import dev.tejun.server.runs.queue.RunQueue;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runs of schedules and alert rules, as their service identity ({@code scheduler}, {@code events} interface). A
 * runbook is checked here (roles, pin, review, params) and then goes through the run queue as a REST run does, with
 * the text it was checked with: whichever server has room runs it (audited, indexed, followable and stoppable by id
 * there), a server that dies before starting it hands it to another, and this runner waits for its end wherever it
 * ran. A flow runs here through the flow engine, with a start entry before and an end entry (with the instance id)
 * after; a run that never started gets both, without a run id, once it was refused. Started through {@link #start}
 * (alert rules), neither waits on the caller's thread: a flow held for an approver or a runbook at a pause cell
 * holds no event worker, and either can be followed to its end after a restart ({@link #follow}).
 */
final class AuditedRunner implements TargetRunner {

    private final KernelRunner runner;
    private final RunRecords executions;
    private final Dispatch queue;
    private final Supplier<String> newRunId;

    AuditedRunner(KernelRunner runner, RunRecords executions, Dispatch queue, Supplier<String> newRunId) {
        this.runner = runner;
        this.executions = executions;
        this.queue = queue;
        this.newRunId = newRunId;
    }

    @Override
    public RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        return target.isFlow() ? flow(target, params, as) : runbook(target, params, as);
    }

    private RunResult flow(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        executions.started(as.user(), Via.of(as.via()), target.name(), null, null);
        RunResult result = RunResult.notStarted("interrupted");
        try {
            result = runner.run(target, params, as);
            return result;
        } finally {
            ended(target, as, result);
        }
    }

    @Override
    public CompletableFuture<RunResult> start(
            Target target, Map<String, String> params, ServiceIdentity as, Consumer<String> launched)
            throws InterruptedException {
        if (!target.isFlow()) {
            return queued(target, params, as, launched);
        }
        executions.started(as.user(), Via.of(as.via()), target.name(), null, null);
        CompletableFuture<RunResult> end;
        try {
            end = runner.start(target, params, as, launched);
        } catch (InterruptedException | RuntimeException e) {
            ended(target, as, RunResult.notStarted("interrupted"));
            throw e;
        }
        return audited(target, as, end);
    }

    @Override
    public Optional<CompletableFuture<RunResult>> follow(Target target, String runId, ServiceIdentity as) {
        if (target.isFlow()) {
            return runner.follow(target, runId, as).map(end -> audited(target, as, end));
        }
        // a queued runbook's end, wherever it ran (a run this server had started is interrupted by its restart)
        return queue.find(runId).map(held -> queue.end(runId).thenApply(this::result));
    }

    /**
     * {@code end}, with the flow's audit end entry written once it ended. Cancelling the answer (a server closing)
     * stops following the flow, which goes on, and writes no end entry.
     */
    private CompletableFuture<RunResult> audited(Target target, ServiceIdentity as, CompletableFuture<RunResult> end) {
        CompletableFuture<RunResult> out = new CompletableFuture<>();
        end.whenComplete((r, e) -> {
            if (end.isCancelled()) {
                out.cancel(false);
                return;
            }
            RunResult result = r != null ? r : RunResult.notStarted("run failed: " + e);
            ended(target, as, result);
            out.complete(result);
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                end.cancel(false);
            }
        });
        return out;
    }

    private RunResult runbook(Target target, Map<String, String> params, ServiceIdentity as)
            throws InterruptedException {
        try {
            return queued(target, params, as, id -> {}).get();
        } catch (ExecutionException e) {
            return RunResult.notStarted("run failed: " + e.getCause());
        }
    }

    /**
     * Checks a runbook and queues it, answering its end (done here or on whichever server took it); {@code launched}
     * is told its run id once it is queued.
     */
    private CompletableFuture<RunResult> queued(
            Target target, Map<String, String> params, ServiceIdentity as, Consumer<String> launched) {
        KernelRunner.Checked checked = runner.check(target, params, as);
        if (checked.refusal() != null) {
            return CompletableFuture.completedFuture(notStarted(target, as, checked.refusal()));
        }
        QueuedRun run = new QueuedRun(
                newRunId.get(),
                target.name(),
                params,
                List.of(),
                null,
                false,
                as.user(),
                Via.of(as.via()),
                as.via(),
                null,
                checked.text(),
                checked.requires());
        Optional<CompletableFuture<RunFinished>> here;
        try {
            here = queue.submit(run);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(
                    notStarted(target, as, "the run could not be queued: " + e.getMessage()));
        }
        launched.accept(run.runId());
        CompletableFuture<RunResult> end = here.isPresent()
                ? here.get().thenApply(f -> RunResult.of(run.runId(), f))
                : queue.end(run.runId()).thenApply(this::result);
        // ended otherwise: this server stops, the run goes on (or waits) in the queue, recorded by whichever server
        // runs it
        return end.exceptionally(e -> new RunResult(
                "stopped",
                run.runId(),
                null,
                "no longer waited for: " + (e instanceof CompletionException c ? c.getCause() : e)));
    }

    /** How a queued run that this server did not start here ended, as the queue has it. */
    private RunResult result(RunQueue.Ended end) {
        return switch (end.state()) {
            case RunQueue.CANCELLED ->
                new RunResult("stopped", end.runId(), null, "cancelled while it waited in the run queue");
            case RunQueue.INTERRUPTED ->
                new RunResult(
                        "failed", end.runId(), null, "interrupted: server " + end.server() + ", which ran it, is gone");
            default ->
                end.outcome() != null
                        ? new RunResult(end.outcome(), end.runId(), end.evidence(), end.message())
                        // done by a server that wrote no outcome: the run index has how it ended
                        : new RunResult(
                                executions
                                        .indexedStatus(end.runId())
                                        .map(s -> s.toLowerCase(Locale.ROOT))
                                        .orElse("failed"),
                                end.runId(),
                                null,
                                "ended on server " + end.server());
        };
    }

    /** Audits a run that never started: a start entry and an end entry, without a run id. */
    private RunResult notStarted(Target target, ServiceIdentity as, String why) {
        RunResult result = RunResult.notStarted(why);
        executions.started(as.user(), Via.of(as.via()), target.name(), null, null);
        ended(target, as, result);
        return result;
    }

    private void ended(Target target, ServiceIdentity as, RunResult result) {
        executions.ended(
                as.user(), Via.of(as.via()), target.name(), result.runId(), result.status(), result.evidence(), null);
    }
}
