package dev.tejun.server.git;

import dev.tejun.kernel.alert.RuleCheck;
import dev.tejun.kernel.flow.FlowCheck;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.guard.windows.WindowCheck;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.schedule.ScheduleCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tejun check} of the files a pull changed: runbooks (with their schedule and window front matter), flows and
 * alert rules under the runbooks folder, each as the CLI checks that kind of file. Other files (a README outside the
 * folder, a playbook) are not runbooks and are not listed; a deleted runbook is listed as gone.
 */
final class ChangedFiles {

    private final Path workTree;
    private final Path runbooks;

    /** {@code workTree}: the repository's root, which the pulled paths are relative to. */
    ChangedFiles(Path workTree, Path runbooks) {
        this.workTree = workTree.toAbsolutePath().normalize();
        this.runbooks = runbooks.toAbsolutePath().normalize();
    }

    List<GitSync.FileCheck> check(List<String> paths, String commit, Instant at) {
        List<GitSync.FileCheck> out = new ArrayList<>();
        for (String path : paths) {
            Path file = workTree.resolve(path).normalize();
            if (!file.startsWith(runbooks) || !checked(file)) {
                continue;
            }
            String name = runbooks.relativize(file).toString().replace('\\', '/');
            if (!Files.exists(file)) {
                out.add(new GitSync.FileCheck(name, commit, at, true, List.of("deleted")));
                continue;
            }
            CheckReport r = report(file);
            List<String> problems = new ArrayList<>();
            if (!r.roundTripOk() && r.problems().isEmpty()) {
                problems.add("writing the parsed file does not give back the same bytes");
            }
            for (Problem p : r.problems()) {
                problems.add(
                        p.severity().name().toLowerCase(Locale.ROOT) + " at line " + p.line() + ": " + p.message());
            }
            out.add(new GitSync.FileCheck(name, commit, at, r.ok(), problems));
        }
        return out;
    }

    private static boolean checked(Path file) {
        return FlowCheck.isFlow(file)
                || RuleCheck.isRuleFile(file)
                || file.getFileName().toString().endsWith(".md");
    }

    private static CheckReport report(Path file) {
        if (FlowCheck.isFlow(file)) {
            return FlowCheck.check(file);
        }
        if (RuleCheck.isRuleFile(file)) {
            return RuleCheck.check(file);
        }
        RunbookCheck.Checked checked = RunbookCheck.checked(file);
        return WindowCheck.addTo(ScheduleCheck.addTo(checked.report(), checked.text()), checked.text());
    }
}
