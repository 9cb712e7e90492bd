package dev.tejun.server.cli;

import dev.tejun.kernel.alert.RuleCheck;
import dev.tejun.kernel.flow.FlowCheck;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.guard.locks.LockCheck;
import dev.tejun.kernel.guard.windows.WindowCheck;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.schedule.ScheduleCheck;
import dev.tejun.server.cli.args.Args;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun check PATH...}: runbooks, flows and rules files read as the server would read them, each problem named
 * with its file and line, and the IaC variables of the folders given checked against this data folder's CMDB. Exit 0
 * when all is clean, 1 when a file has an error, 2 for a path that is not there.
 */
final class CheckCommand {
    private final PrintStream out;
    private final PrintStream err;
    /** The data folder whose CMDB names the variables; it is only read. */
    private final Path home;

    CheckCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    int run(Args args) throws Exception {
        if (args.positional().isEmpty()) {
            throw new Args.UsageError("check needs at least one file or folder");
        }
        if (!args.params().isEmpty()) {
            throw new Args.UsageError("check takes no params");
        }
        List<Path> paths = args.positional().stream().map(Path::of).toList();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("tejun check: no such file or folder: " + p);
                return HeadlessRun.USAGE;
            }
        }
        List<CheckReport> reports = new ArrayList<>();
        List<Path> runbooks = new ArrayList<>();
        // rules files are not runbooks: the schedule and window checks of front matter do not apply to them
        List<CheckReport> rules = new ArrayList<>();
        for (Path p : paths) {
            if (FlowCheck.isFlow(p)) {
                reports.add(FlowCheck.check(p));
            } else if (RuleCheck.isRuleFile(p)) {
                rules.add(RuleCheck.check(p));
            } else {
                runbooks.add(p);
                if (Files.isDirectory(p)) {
                    FlowCheck.flowFiles(p).forEach(f -> reports.add(FlowCheck.check(f)));
                    // the rules the server would load from this folder, with the same parse
                    RuleCheck.ruleFiles(p).forEach(f -> rules.add(RuleCheck.check(f)));
                }
            }
        }
        // each runbook read and parsed once: its text and parse serve the schedule, window and variables checks
        List<RunbookCheck.Checked> checked = RunbookCheck.checkAll(runbooks);
        Map<Path, String> texts = new HashMap<>();
        Map<Path, Runbook> parsed = new HashMap<>();
        for (RunbookCheck.Checked c : checked) {
            if (c.runbook() != null) {
                texts.put(c.report().path(), c.text());
                parsed.put(c.report().path(), c.runbook());
            }
        }
        reports.addAll(0, checked.stream().map(RunbookCheck.Checked::report).toList());
        reports.replaceAll(r -> WindowCheck.addTo(ScheduleCheck.addTo(r, texts.get(r.path())), texts.get(r.path())));
        reports.replaceAll(
                r -> FlowCheck.isFlow(r.path()) ? r : LockCheck.addTo(r, texts.get(r.path()))); // a flow checks its own
        reports.addAll(rules);
        int failed = 0;
        for (CheckReport r : reports) {
            out.println(CheckOutput.describe(r));
            if (!r.ok()) {
                failed++;
            }
        }
        List<Path> folders = paths.stream().filter(Files::isDirectory).toList();
        int undefined = folders.isEmpty() ? 0 : VariablesCheck.print(folders, home.resolve("tejun.db"), out, parsed);
        out.println("checked " + reports.size() + " files, " + failed + " with errors"
                + (undefined == 0 ? "" : "; " + undefined + " IaC files use undefined variables"));
        return failed == 0 && undefined == 0 && !reports.isEmpty() ? 0 : 1;
    }
}
