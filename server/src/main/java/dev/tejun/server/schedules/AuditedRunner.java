package dev.tejun.server.schedules;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.evidence.ExecutionRecorder;

import java.util.Map;

/**
 * Puts the runs of schedules and alert rules in the audit log and the run index, as the web's runs are: a start
 * entry before the run and an end entry with its outcome after, both with the service identity as the user and
 * its interface ({@code scheduler}, {@code events}). The kernel runner makes the run id, so the start entry has none.
 */
final class AuditedRunner implements TargetRunner {

    private final TargetRunner runner;
    private final ExecutionRecorder executions;

    AuditedRunner(TargetRunner runner, ExecutionRecorder executions) {
        this.runner = runner;
        this.executions = executions;
    }

    @Override
    public RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException {
        executions.started(as.user(), as.via(), target.name(), null, null);
        RunResult result = RunResult.notStarted("interrupted");
        try {
            result = runner.run(target, params, as);
            return result;
        } finally {
            executions.ended(as.user(), as.via(), target.name(), result.runId(), result.status(), result.evidence(), null);
        }
    }
}
