package dev.tejun.server.schedules;

import dev.tejun.kernel.schedule.FailureNotifier;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.time.Instant;
import java.util.Map;

/**
 * Audits skipped misfires as {@code schedule.misfired} (notifications are read from the audit log, so this is what
 * tells a subscriber), and hands failed runs on to {@code failures} (the schedule's webhook).
 */
public final class AuditedMisfires implements FailureNotifier {

    private final FailureNotifier failures;
    private final AuditLog audit;

    public AuditedMisfires(FailureNotifier failures, AuditLog audit) {
        this.failures = failures;
        this.audit = audit;
    }

    @Override
    public void failed(ScheduleDef schedule, Instant fireTime, RunResult result) {
        failures.failed(schedule, fireTime, result);
    }

    @Override
    public void misfired(ScheduleDef schedule, Instant fireTime, String why) {
        audit.append(
                null,
                Via.SCHEDULER,
                "schedule.misfired",
                schedule.id(),
                "skipped",
                null,
                Json.quoted(
                        Map.of("runbook", schedule.target().name(), "fireTime", fireTime.toString(), "reason", why)));
    }
}
