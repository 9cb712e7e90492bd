package dev.tejun.kernel.schedule;

import java.util.Map;

/** Runs a runbook or flow to its end without anybody watching; shared by schedules and alert rules. */
@FunctionalInterface
public interface TargetRunner {

    /** Blocks until the run ends; a run that cannot start is a failed result, never an exception. */
    RunResult run(Target target, Map<String, String> params, ServiceIdentity as) throws InterruptedException;
}
