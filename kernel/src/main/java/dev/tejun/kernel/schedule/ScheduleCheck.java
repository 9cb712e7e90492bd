package dev.tejun.kernel.schedule;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun check} for schedules: adds the problems of a file's {@code schedule:} keys (a bad cron expression
 * with cron-utils' reason, an unknown time zone, …) to the report the format or flow check made.
 */
public final class ScheduleCheck {

    private ScheduleCheck() {}

    public static CheckReport addTo(CheckReport report) {
        String text;
        try {
            text = Files.readString(report.path(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
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
