package dev.tejun.kernel.schedule;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun check} for schedules: adds the problems of a file's {@code schedule:} keys (a bad cron expression
 * with cron-utils' reason, an unknown time zone, …) to the report the format or flow check made.
 */
public final class ScheduleCheck {

    private ScheduleCheck() {}

    /** {@code known}: the file's text when the caller has read it already (null: it is read here). */
    public static CheckReport addTo(CheckReport report, String known) {
        String text = report.text(known).orElse(null);
        if (text == null) {
            return report; // the other checks already say the file cannot be read
        }
        if (!text.contains("schedule")) {
            return report;
        }
        List<Problem> extra = DeclaredSchedules.read(report.path().getFileName().toString(), text)
                .problems();
        if (extra.isEmpty()) {
            return report;
        }
        List<Problem> all = new ArrayList<>(report.problems());
        all.addAll(extra);
        return new CheckReport(report.path(), report.cells(), all, report.roundTripOk());
    }
}
