package dev.tejun.server.cli;

import static dev.tejun.server.cli.Cmd.FILE;
import static dev.tejun.server.cli.Cmd.NUMBER;

import java.util.List;
import picocli.CommandLine;

/**
 * Every {@code tejun} command, its usage lines, options and words, as picocli reads them: the help each command prints,
 * the refusal of an option it does not take (exit 2) and the shell completion script are made from this one table.
 * The commands themselves ({@link Main}'s dispatch) read the same words once picocli found nothing wrong with them.
 */
final class CommandTree {

    private CommandTree() {}

    static CommandLine create() {
        Cmd root = new Cmd(
                        "tejun",
                        "Executable runbooks: a server for the notebook, headless runs, the CMDB and the evidence.",
                        "tejun COMMAND [OPTIONS]...   (tejun COMMAND --help: that command's usage)")
                .sub(
                        serve(),
                        new Cmd("version", "The version and the Git commit it was built from.", "tejun version"),
                        new Cmd(
                                        "config",
                                        "Check a config file (tejun.yaml) without starting.",
                                        "tejun config check [FILE]")
                                .sub(new Cmd(
                                                "check",
                                                "Read a config file as serve would; name the bad key and line.",
                                                "tejun config check [FILE]")
                                        .words("FILE", "0..*", "the file (default: $TEJUN_HOME/tejun.yaml)", FILE)),
                        new Cmd(
                                        "backup",
                                        "Copy TEJUN_HOME while the server runs: a consistent database, evidence,"
                                                + " keys, the config.",
                                        "tejun backup -o FILE.tar.gz [--config FILE]")
                                .option("-o, --output", "FILE.tar.gz", "the archive to write", FILE)
                                .option("--config", "FILE", "the config file to include", FILE),
                        new Cmd("restore", "Restore a backup into an empty TEJUN_HOME.", "tejun restore FILE.tar.gz")
                                .words("FILE.tar.gz", "0..*", "the archive tejun backup wrote", FILE),
                        run(),
                        RemoteTree.runs(),
                        RemoteTree.events(),
                        RemoteTree.rules(),
                        RemoteTree.windows(),
                        RemoteTree.git(),
                        RemoteTree.runbook(),
                        new Cmd(
                                        "check",
                                        "Check runbooks, flows and rules files without running them.",
                                        "tejun check PATH...")
                                .words("PATH", "0..*", "runbook files, flow files, rules files or folders", FILE),
                        new Cmd(
                                        "warm-up",
                                        "Start and stop a throw-away server (the launcher's class archive);"
                                                + " with --cells N, run N java cells in it first.",
                                        "tejun warm-up [--cells N]")
                                .option("--cells", "N", "java cells to run before stopping")
                                .hidden(),
                        cmdb(),
                        new Cmd(
                                        "hosts",
                                        "The hosts a hosts= pattern selects, one a line (as ssh and ansible cells"
                                                + " resolve it).",
                                        "tejun hosts PATTERN [--operation NAME]",
                                        "   (web*:!web03, db:&prod, cmdb:SELECT …)")
                                .option("--operation", "NAME", "the hosts of this operation (作業)")
                                .words("PATTERN", "0..*", "a host pattern"),
                        new Cmd(
                                        "db",
                                        "The database: its migrations, or a copy into PostgreSQL.",
                                        "tejun db info",
                                        "tejun db migrate-to postgresql   (the target: $TEJUN_DATABASE_URL, _USER,"
                                                + " _PASSWORD or _PASSWORD_FILE)")
                                .sub(
                                        new Cmd("info", "The migrations applied, per module.", "tejun db info"),
                                        new Cmd(
                                                        "migrate-to",
                                                        "Copy the SQLite store into an empty PostgreSQL database.",
                                                        "tejun db migrate-to postgresql")
                                                .words("TARGET", "0..*", "postgresql", List.of("postgresql"))),
                        new Cmd("cluster", "The servers sharing this database.", "tejun cluster status")
                                .sub(new Cmd(
                                        "status",
                                        "Servers on the database, heartbeats, runs held.",
                                        "tejun cluster status")),
                        new Cmd(
                                        "import",
                                        "A Jupyter notebook as a runbook; its saved outputs kept as a recorded run.",
                                        "tejun import NOTEBOOK.ipynb [-o RUNBOOK.md]")
                                .option("-o, --output", "RUNBOOK.md", "the runbook to write (never over a file)", FILE)
                                .words("NOTEBOOK.ipynb", "0..*", "the notebook", FILE),
                        new Cmd(
                                        "export",
                                        "A run as a notebook, an HTML report or a PDF.",
                                        "tejun export RUN-ID [--format ipynb|html|pdf] [-o FILE]")
                                .option(
                                        "--format",
                                        "FORMAT",
                                        "ipynb (default), html or pdf",
                                        List.of("ipynb", "html", "pdf"))
                                .option("-o, --output", "FILE", "the file to write (default: standard output)", FILE)
                                .words("RUN-ID", "0..*", "the run"),
                        audit(),
                        evidence(),
                        new Cmd(
                                        "completion",
                                        "A shell completion script: source <(tejun completion bash).",
                                        "tejun completion [bash|zsh]")
                                .words(
                                        "SHELL",
                                        "0..1",
                                        "bash (default) or zsh (through bashcompinit)",
                                        List.of("bash", "zsh")))
                .footer(
                        "data directory: $TEJUN_HOME (default ./.tejun); config file: --config FILE, else"
                                + " $TEJUN_HOME/tejun.yaml when there is one; TEJUN_SERVER_PORT … override it (the"
                                + " README's configuration reference)",
                        "database: SQLite in the data directory, or database.url in the config file /"
                                + " $TEJUN_DATABASE_URL",
                        "chain heads exported: $TEJUN_EXPORT_HEADS (file:/PATH syslog[:HOST:PORT] https://URL ...),"
                                + " every $TEJUN_EXPORT_EVERY entries (default 100)");
        CommandLine line = new CommandLine(root.spec);
        // a word starting with @ is a host pattern or a name, never a file of arguments
        line.setExpandAtFiles(false);
        return line;
    }

    private static Cmd serve() {
        return new Cmd(
                        "serve",
                        "Start the server; it runs until stopped.",
                        "tejun serve [--config FILE] [--port 7070] [--host 127.0.0.1] [--runbooks DIR]"
                                + " [--log-format text|json]")
                .option("--config", "FILE", "the config file (default: $TEJUN_HOME/tejun.yaml when there is one)", FILE)
                .option("--port", "PORT", "the port (default 7070)", NUMBER)
                .option("--host", "ADDRESS", "the address to listen on (default 127.0.0.1)")
                .option("--runbooks", "DIR", "the runbooks folder", FILE)
                .option("--log-format", "FORMAT", "text (default) or JSON lines", List.of("text", "json"));
    }

    private static Cmd run() {
        return new Cmd(
                        "run",
                        "Run a runbook or a flow headless: here on the data folder, or on a server (--server).",
                        "tejun run FILE.md|FILE.flow.yaml [-p name=value]...",
                        "tejun run --retry-failed RUN-ID [FILE.md] [-p secret=value]...",
                        "tejun run --resume RUN-ID [FILE.md] [-p secret=value]...",
                        "tejun run FILE.md|FILE.flow.yaml --preview [-p name=value]...",
                        "tejun run --server URL [--token T] FILE.md|FILE.flow.yaml [-p name=value]...   (run on a"
                                + " server)")
                .params()
                .flag("--preview", "show what each cell would do against which hosts; nothing runs")
                .option("--retry-failed", "RUN-ID", "run again the hosts that failed in that run")
                .option("--resume", "RUN-ID", "go on from the cell where that run failed")
                .option("--config", "FILE", "the config file whose limits and release branch apply", FILE)
                .remote()
                .words("FILE", "0..*", "the runbook (.md) or flow (.flow.yaml)", FILE);
    }

    private static Cmd cmdb() {
        return new Cmd(
                        "cmdb",
                        "The CMDB on this data folder: sheets, Excel, inventory, drift, operations.",
                        Cmd.lines(CmdbCommand.USAGE))
                .sub(
                        new Cmd("sheets", "Every sheet: kind, columns, rows.", "tejun cmdb sheets"),
                        new Cmd(
                                        "export",
                                        "Sheets as an Excel workbook.",
                                        "tejun cmdb export [SHEET] [--layout tejun|labels] -o FILE.xlsx")
                                .option(
                                        "--layout",
                                        "LAYOUT",
                                        "tejun (column names) or labels (display labels)",
                                        List.of("tejun", "labels"))
                                .option("-o, --output", "FILE.xlsx", "the workbook to write", FILE)
                                .words("SHEET", "0..*", "one sheet (default: every sheet)"),
                        new Cmd(
                                        "import",
                                        "An Excel workbook into the sheets: all rows or none.",
                                        "tejun cmdb import FILE.xlsx [--dry-run]")
                                .flag("--dry-run", "show what would change; apply nothing")
                                .words("FILE.xlsx", "0..*", "the workbook", FILE),
                        new Cmd(
                                        "inventory",
                                        "The Ansible inventory the CMDB makes.",
                                        "tejun cmdb inventory [--operation NAME] [--as-of TIME] [--format json|yaml]")
                                .option("--operation", "NAME", "the hosts of this operation")
                                .option("--as-of", "TIME", "as it was then")
                                .option("--format", "FORMAT", "json (default) or yaml", List.of("json", "yaml")),
                        new Cmd(
                                        "drift",
                                        "Expected × actual per host and column; exit 1 when anything drifts.",
                                        "tejun cmdb drift [SHEET] [--format table|json|xlsx] [-o FILE]")
                                .option(
                                        "--format",
                                        "FORMAT",
                                        "table (default), json or xlsx",
                                        List.of("table", "json", "xlsx"))
                                .option("-o, --output", "FILE", "the file to write", FILE)
                                .words("SHEET", "0..*", "one expected sheet (default: all)"),
                        new Cmd(
                                        "hosts",
                                        "The hosts a pattern selects (the same as tejun hosts).",
                                        "tejun cmdb hosts PATTERN [--operation NAME]")
                                .option("--operation", "NAME", "the hosts of this operation")
                                .words("PATTERN", "0..*", "a host pattern"),
                        new Cmd(
                                        "operations",
                                        "The operation list (作業一覧): list, show, create, update, cancel.",
                                        "tejun cmdb operations [list|show NAME|create NAME|update NAME|cancel NAME]"
                                                + " [--planned TIME] [--owner USER] [--notes TEXT]"
                                                + " [--format table|json]")
                                .option("--planned", "TIME", "when it is planned (2026-11-01T10:00+09:00[Asia/Tokyo])")
                                .option("--owner", "USER", "who owns it")
                                .option("--notes", "TEXT", "notes")
                                .option("--format", "FORMAT", "table (default) or json", List.of("table", "json"))
                                .words(
                                        "VERB",
                                        "0..*",
                                        "list (default), show, create, update or cancel, and a name",
                                        List.of("list", "show", "create", "update", "cancel")));
    }

    private static Cmd audit() {
        return new Cmd(
                        "audit",
                        "The audit log: verify its chain, archive old entries.",
                        "tejun audit verify [--against EXPORT-FILE]",
                        "tejun audit archive --before YYYY-MM-DD|INSTANT")
                .sub(
                        new Cmd(
                                        "verify",
                                        "Check the audit chain (and its exported heads).",
                                        "tejun audit verify [--against EXPORT-FILE]")
                                .option("--against", "EXPORT-FILE", "heads exported earlier", FILE),
                        new Cmd(
                                        "archive",
                                        "Move entries before a day into signed segments.",
                                        "tejun audit archive --before YYYY-MM-DD|INSTANT")
                                .option("--before", "WHEN", "a day (UTC) or an instant"));
    }

    private static Cmd evidence() {
        return new Cmd(
                        "evidence",
                        "Evidence: verify, compare, prune by retention, legal holds.",
                        "tejun evidence verify [RUN-ID] [--against EXPORT-FILE]",
                        "tejun evidence compare RUN-A RUN-B",
                        "tejun evidence prune [--dry-run]",
                        "tejun evidence hold run|flow ID --reason TEXT",
                        "tejun evidence release run|flow ID [--reason TEXT]",
                        "tejun evidence holds")
                .sub(
                        new Cmd(
                                        "verify",
                                        "Check the evidence chain (one run, or all).",
                                        "tejun evidence verify [RUN-ID] [--against EXPORT-FILE]")
                                .option("--against", "EXPORT-FILE", "heads exported earlier", FILE)
                                .words("RUN-ID", "0..*", "one run (default: every run)"),
                        new Cmd(
                                        "compare",
                                        "Two runs side by side: cells and output.",
                                        "tejun evidence compare RUN-A RUN-B")
                                .words("RUN", "0..*", "the two runs"),
                        new Cmd(
                                        "prune",
                                        "Delete evidence past its retention (held runs stay).",
                                        "tejun evidence prune [--dry-run]")
                                .flag("--dry-run", "show what would go; delete nothing"),
                        new Cmd(
                                        "hold",
                                        "Keep a run's or flow's evidence whatever the retention.",
                                        "tejun evidence hold run|flow ID --reason TEXT")
                                .option("--reason", "TEXT", "why (audited)")
                                .words("KIND ID", "0..*", "run or flow, and its id", List.of("run", "flow")),
                        new Cmd("release", "Lift a hold.", "tejun evidence release run|flow ID [--reason TEXT]")
                                .option("--reason", "TEXT", "why (audited)")
                                .words("KIND ID", "0..*", "run or flow, and its id", List.of("run", "flow")),
                        new Cmd("holds", "The holds in place.", "tejun evidence holds"));
    }
}
