package dev.tejun.server.runs;

import dev.tejun.kernel.schedule.KernelRunner;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.audit.Via;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts the runs of schedules and alert rules in the audit log and the run index, as the web's runs are, with the
 * service identity as the user and its interface ({@code scheduler}, {@code events}). A runbook run is tracked from
 * the moment the kernel runner queued it: its start entry carries its run id, its row says running, and it can be
 * followed and stopped by id like any live run. A flow gets a start entry before and an end entry (with the
 * instance id) after; a run that never started gets both, without a run id, once it was refused.
 */
final class AuditedRunner implements TargetRunner {

    private final KernelRunner runner;
    private final RunRecords executions;

    AuditedRunner(KernelRunner runner, RunRecords executions) {
        this.runner = runner;
        this.executions = executions;
    }

    @Override
    public RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        if (target.isFlow()) {
            executions.started(as.user(), Via.of(as.via()), target.name(), null, null);
        }
        AtomicBoolean tracked = new AtomicBoolean();
        RunResult result = RunResult.notStarted("interrupted");
        try {
            result = runner.run(target, params, as, (session, run) -> {
                executions.track(as.user(), Via.of(as.via()), as.via(), Runs.requiresOf(session), session, run, null);
                tracked.set(true);
            });
            return result;
        } finally {
            if (!tracked.get()) {
                if (!target.isFlow()) {
                    executions.started(as.user(), Via.of(as.via()), target.name(), null, null);
                }
                executions.ended(
                        as.user(),
                        Via.of(as.via()),
                        target.name(),
                        result.runId(),
                        result.status(),
                        result.evidence(),
                        null);
            }
        }
    }
}
