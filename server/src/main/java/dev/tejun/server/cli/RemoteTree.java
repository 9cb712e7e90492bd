package dev.tejun.server.cli;

import static dev.tejun.server.cli.Cmd.FILE;
import static dev.tejun.server.cli.Cmd.NUMBER;

import dev.tejun.server.cli.remote.EventsCommand;
import dev.tejun.server.cli.remote.RulesCommand;
import dev.tejun.server.cli.remote.RunbookFileCommand;
import dev.tejun.server.cli.remote.WindowsCommand;
import java.util.List;

/** The commands of {@link CommandTree} that talk to a running server ({@code --server}, {@code --token}). */
final class RemoteTree {

    private RemoteTree() {}

    static Cmd runs() {
        return new Cmd(
                        "runs",
                        "Runs on a server: list them, print one's log, stop one.",
                        "tejun runs list [--runbook R] [--status S] [--user U] [--limit N]",
                        "tejun runs logs RUN-ID [--follow]",
                        "tejun runs stop RUN-ID",
                        "(runs …: --server and --token too; defaults $TEJUN_SERVER and $TEJUN_TOKEN)")
                .sub(
                        new Cmd(
                                        "list",
                                        "Recent runs, newest first.",
                                        "tejun runs list [--runbook R] [--status S] [--user U] [--limit N]")
                                .option("--runbook", "R", "of this runbook")
                                .option(
                                        "--status",
                                        "S",
                                        "with this status",
                                        List.of("running", "ok", "warning", "failed", "stopped", "interrupted"))
                                .option("--user", "U", "started by this user")
                                .option("--limit", "N", "at most N (default 50)", NUMBER)
                                .remote(),
                        new Cmd(
                                        "logs",
                                        "A run's output; with --follow, until it ends (its exit code).",
                                        "tejun runs logs RUN-ID [--follow]")
                                .flag("-f, --follow", "print the run as it goes on, until it ends")
                                .remote()
                                .words("RUN-ID", "0..*", "the run"),
                        new Cmd("stop", "Stop a run.", "tejun runs stop RUN-ID")
                                .remote()
                                .words("RUN-ID", "0..*", "the run"));
    }

    static Cmd events() {
        return new Cmd("events", "Alert events on a server and what the rules decided.", Cmd.lines(EventsCommand.USAGE))
                .sub(
                        new Cmd(
                                        "list",
                                        "Recent events: id, time, source, decision, rule.",
                                        "tejun events list [--limit N]")
                                .option("--limit", "N", "at most N (default 50)", NUMBER)
                                .remote(),
                        new Cmd("show", "One event: decision, run, links, window.", "tejun events show EVENT-ID")
                                .remote()
                                .words("EVENT-ID", "0..*", "the event"),
                        new Cmd("unhandled", "Events no rule matched, not yet acknowledged.", "tejun events unhandled")
                                .remote(),
                        new Cmd(
                                        "export",
                                        "The outcome history, oldest first.",
                                        "tejun events export [--format csv|json|xlsx] [-o FILE] [--from DATE]"
                                                + " [--to DATE]",
                                        "   [--source S] [--rule R] [--decision D]")
                                .option("--format", "FORMAT", "csv, json or xlsx", List.of("csv", "json", "xlsx"))
                                .option("-o, --output", "FILE", "the file to write", FILE)
                                .option("--from", "DATE", "from this day")
                                .option("--to", "DATE", "to this day")
                                .option("--source", "S", "from this source")
                                .option("--rule", "R", "matched by this rule")
                                .option("--decision", "D", "with this decision")
                                .option("--status", "S", "whose run has this status")
                                .option("--limit", "N", "at most N", NUMBER)
                                .remote(),
                        replay("tejun events replay RULES.yaml [--days N]"),
                        new Cmd(
                                        "rules",
                                        "Decision tables (the same as tejun rules import).",
                                        "tejun events rules import FILE.xlsx")
                                .sub(importRules("tejun events rules import FILE.xlsx")));
    }

    static Cmd rules() {
        return new Cmd(
                        "rules",
                        "Alert rules files: check, import and export decision tables, replay a draft.",
                        Cmd.lines(RulesCommand.USAGE))
                .sub(
                        new Cmd(
                                        "check",
                                        "Every problem of rules/*.yaml as FILE:LINE.",
                                        "tejun rules check [RUNBOOKS-DIR|RULES.yaml]...")
                                .words("PATH", "0..*", "runbooks folders or rules files (default: .)", FILE),
                        importRules("tejun rules import FILE.xlsx"),
                        new Cmd(
                                        "export",
                                        "A rules file as a decision-table workbook.",
                                        "tejun rules export rules/NAME.yaml [-o FILE.xlsx]")
                                .option("-o, --output", "FILE.xlsx", "the workbook to write", FILE)
                                .remote()
                                .words("RULES.yaml", "0..*", "the rules file on the server"),
                        replay("tejun rules replay RULES.yaml [--days N]"));
    }

    static Cmd windows() {
        return new Cmd(
                        "windows",
                        "Maintenance windows on a server: a runbook's now and next, an override.",
                        Cmd.lines(WindowsCommand.USAGE))
                .sub(
                        new Cmd(
                                        "status",
                                        "A runbook's or flow's maintenance windows now and next.",
                                        "tejun windows status FILE.md|FILE.flow.yaml")
                                .remote()
                                .words("FILE", "0..*", "the runbook or flow", FILE),
                        new Cmd(
                                        "override",
                                        "Approver: allow a manual run now, outside the windows.",
                                        "tejun windows override FILE --reason WHY [--minutes 60]")
                                .option("--reason", "WHY", "why (audited)")
                                .option("--minutes", "N", "for how long (default 60)", NUMBER)
                                .remote()
                                .words("FILE", "0..*", "the runbook or flow", FILE));
    }

    static Cmd git() {
        String usage = "tejun git pull|push     (admin: the server's runbooks repository with its configured remote)";
        return new Cmd("git", "The server's runbooks repository with its configured remote (admin).", usage)
                .sub(
                        new Cmd("pull", "Pull, and check each changed file.", "tejun git pull").remote(),
                        new Cmd("push", "Push.", "tejun git push").remote());
    }

    static Cmd runbook() {
        return new Cmd(
                        "runbook",
                        "Rename, move or delete a runbook on a server (editor).",
                        Cmd.lines(RunbookFileCommand.USAGE))
                .sub(
                        new Cmd("mv", "Rename or move a runbook; its runs keep their name.", "tejun runbook mv FROM TO")
                                .option("--message", "M", "the commit message (Git-backed folders)")
                                .remote()
                                .words("FROM TO", "0..*", "the runbook and its new name", FILE),
                        new Cmd("rm", "Delete a runbook; its runs and evidence stay.", "tejun runbook rm NAME")
                                .option("--message", "M", "the commit message (Git-backed folders)")
                                .remote()
                                .words("NAME", "0..*", "the runbook", FILE));
    }

    private static Cmd replay(String usage) {
        return new Cmd("replay", "What a draft rules file would have done with past events.", usage)
                .option("--days", "N", "the events of the last N days", NUMBER)
                .remote()
                .words("RULES.yaml", "0..*", "the draft", FILE);
    }

    private static Cmd importRules(String usage) {
        return new Cmd("import", "A decision-table workbook as rules/SHEET.yaml.", usage)
                .remote()
                .words("FILE.xlsx", "0..*", "the workbook", FILE);
    }
}
