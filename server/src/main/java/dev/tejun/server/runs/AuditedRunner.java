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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The runs of schedules and alert rules, as their service identity ({@code scheduler}, {@code events} interface). A
 * runbook is checked here (roles, pin, review, params) and then goes through the run queue as a REST run does, with
 * the text it was checked with: whichever server has room runs it (audited, indexed, followable and stoppable by id
 * there), a server that dies before starting it hands it to another, and this runner waits for its end wherever it
 * ran. A flow runs here through the flow engine, with a start entry before and an end entry (with the instance id)
 * after; a run that never started gets both, without a run id, once it was refused.
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

    private RunResult runbook(Target target, Map<String, String> params, ServiceIdentity as)
            throws InterruptedException {
        KernelRunner.Checked checked = runner.check(target, params, as);
        if (checked.refusal() != null) {
            return notStarted(target, as, checked.refusal());
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
            return notStarted(target, as, "the run could not be queued: " + e.getMessage());
        }
        try {
            return here.isPresent()
                    ? RunResult.of(run.runId(), here.get().get())
                    : result(queue.end(run.runId()).get());
        } catch (ExecutionException | CancellationException e) {
            // this server stops: the run goes on (or waits) in the queue, recorded by whichever server runs it
            return new RunResult("stopped", run.runId(), null, "no longer waited for: " + e.getMessage());
        }
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
