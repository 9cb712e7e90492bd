package dev.tejun.kernel.schedule;

import dev.tejun.kernel.format.CheckReport;
import java.util.List;

/**
 * {@code tejun check} for schedules: adds the problems of a file's {@code schedule:} keys (a bad cron expression
 * with cron-utils' reason, an unknown time zone, …) to the report the format or flow check made.
 */
public final class ScheduleCheck {

    private ScheduleCheck() {}

    /** {@code known}: the file's text when the caller has read it already (null: it is read here). */
    public static CheckReport addTo(CheckReport report, String known) {
        return report.plus(
                known,
                text -> text.contains("schedule")
                        ? DeclaredSchedules.read(report.path().getFileName().toString(), text)
                                .problems()
                        : List.of());
    }
}
