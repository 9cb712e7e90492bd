package dev.tejun.server.cli;

import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.PrivateFiles;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.StorageException;
import dev.tejun.kernel.alert.RuleCheck;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.collect.CollectExecutorFactory;
import dev.tejun.kernel.exec.dialog.DialogExecutorFactory;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.jupyter.JupyterExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.exec.terraform.TerraformExecutorFactory;
import dev.tejun.kernel.flow.FlowCheck;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.guard.locks.LockCheck;
import dev.tejun.kernel.guard.windows.WindowCheck;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.schedule.ScheduleCheck;
import dev.tejun.server.BuildInfo;
import dev.tejun.server.audit.AuditArchiveCommand;
import dev.tejun.server.audit.AuditVerifyCommand;
import dev.tejun.server.backup.Backup;
import dev.tejun.server.backup.Restore;
import dev.tejun.server.cli.args.Args;
import dev.tejun.server.cli.remote.EventsCommand;
import dev.tejun.server.cli.remote.GitCommand;
import dev.tejun.server.cli.remote.RemoteCommand;
import dev.tejun.server.cli.remote.RulesCommand;
import dev.tejun.server.cli.remote.Terminal;
import dev.tejun.server.cli.remote.WindowsCommand;
import dev.tejun.server.cluster.ClusterCommand;
import dev.tejun.server.db.DbCommand;
import dev.tejun.server.evidence.EvidenceCompareCommand;
import dev.tejun.server.evidence.EvidenceVerifyCommand;
import dev.tejun.server.retention.RetentionCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code tejun serve | run | check}: the one entry point of the launcher script, and its table of commands. The
 * server's start-up is {@link ServeCommand}'s.
 */
public final class Main {

    private static final String USAGE =
            """
            usage: tejun serve [--config FILE] [--port 7070] [--host 127.0.0.1] [--runbooks DIR] [--log-format text|json]
                   tejun version
                   tejun config check [FILE]
                   tejun backup -o FILE.tar.gz [--config FILE]
                   tejun restore FILE.tar.gz
                   tejun run FILE.md|FILE.flow.yaml [-p name=value]...
                   tejun run --retry-failed RUN-ID [FILE.md] [-p secret=value]...
                   tejun run --resume RUN-ID [FILE.md] [-p secret=value]...
                   tejun run FILE.md|FILE.flow.yaml --preview [-p name=value]...
            """ + RemoteCommand.USAGE + "\n" + EventsCommand.USAGE + "\n" + RulesCommand.USAGE + "\n"
                    + WindowsCommand.USAGE + "\n" + GitCommand.USAGE + """

                   tejun check PATH...
                   tejun audit verify [--against EXPORT-FILE]
                   tejun audit archive --before YYYY-MM-DD|INSTANT
                   tejun evidence verify [RUN-ID] [--against EXPORT-FILE]
                   tejun evidence compare RUN-A RUN-B
            """ + RetentionCommand.USAGE + "\n"
                    + CmdbCommand.USAGE + "\n"
                    + NotebookCommand.USAGE + "\n" + DbCommand.USAGE + "\n" + ClusterCommand.USAGE + """

            data directory: $TEJUN_HOME (default ./.tejun); config file: --config FILE, else $TEJUN_HOME/tejun.yaml
                            when there is one; TEJUN_SERVER_PORT … override it (the README's configuration reference)
            database: SQLite in the data directory, or database.url in the config file / $TEJUN_DATABASE_URL
            chain heads exported: $TEJUN_EXPORT_HEADS (file:/PATH syslog[:HOST:PORT] https://URL ...),
                                  every $TEJUN_EXPORT_EVERY entries (default 100)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    /** {@code home}: the data directory for every command instead of $TEJUN_HOME (tests), or null. */
    Main(PrintStream out, PrintStream err, Path home) {
        this(out, err, home, System.getenv());
    }

    /** {@code env}: where TEJUN_SERVER and TEJUN_TOKEN are read (tests give their own). */
    Main(PrintStream out, PrintStream err, Path home, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.env = env;
    }

    public static void main(String[] argv) throws Exception {
        // before anything logs (logback.xml reads it): a command's stderr is not a server log
        if ((argv.length == 0 || !argv[0].equals("serve")) && System.getProperty("tejun.log.migrations") == null) {
            System.setProperty("tejun.log.migrations", "WARN");
        }
        // java.util.logging goes to the one backend too (System.Logger and Log4j API find theirs on the class path)
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = new Main(System.out, System.err).execute(Arrays.asList(argv));
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Returns the exit code, or -1 when the command keeps running (the server). */
    int execute(List<String> argv) throws Exception {
        if (argv.isEmpty()
                || argv.getFirst().equals("--help")
                || argv.getFirst().equals("help")) {
            out.println(USAGE);
            return argv.isEmpty() ? HeadlessRun.USAGE : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (argv.getFirst()) {
                case "version", "--version" -> {
                    out.println("tejun " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")");
                    yield 0;
                }
                case "serve" ->
                    new ServeCommand(out, err, env, this::configFile)
                            .run(Args.parse(rest, List.of("port", "host", "runbooks", "config", "log-format")));
                case "config" -> ConfigCommand.run(rest, configFile(null), env, out, err);
                case "backup" -> {
                    Args a = Args.parse(rest, List.of("output", "config"));
                    if (!a.positional().isEmpty() || !a.options().containsKey("output")) {
                        yield usage("backup -o FILE.tar.gz [--config FILE]");
                    }
                    if (database(dataDir()).postgresql()) {
                        // the snapshot is SQLite's VACUUM INTO; a PostgreSQL store is PostgreSQL's to back up
                        err.println("tejun: backup copies the SQLite store; with TEJUN_DATABASE_URL set, back up the"
                                + " database with pg_dump and the data folder (keys, audit head, evidence) with it");
                        yield 2;
                    }
                    Path file = Path.of(a.options().get("output"));
                    int n = Backup.write(
                            home != null ? home : dataDir(),
                            configFile(a.options().get("config")),
                            file);
                    out.println("backed up " + n + " files to " + file);
                    yield 0;
                }
                case "restore" -> {
                    Args a = Args.parse(rest, List.of());
                    if (a.positional().size() != 1) {
                        yield usage("restore FILE.tar.gz");
                    }
                    Path into = home != null
                            ? home
                            : Path.of(Optional.ofNullable(env.get("TEJUN_HOME"))
                                    .filter(h -> !h.isBlank())
                                    .orElse(".tejun"));
                    try {
                        int n = Restore.into(Path.of(a.positional().getFirst()), into);
                        out.println("restored " + n + " files into " + into
                                + "; check them with tejun audit verify and tejun evidence verify");
                        yield 0;
                    } catch (IOException e) {
                        err.println("tejun restore: " + e.getMessage());
                        yield 1;
                    }
                }
                case "run" -> {
                    // --preview takes no value, which Args does not know: it is taken out first
                    List<String> words = new ArrayList<>(rest);
                    boolean preview = words.remove("--preview");
                    yield new RunCommand(out, err, env, remote(), home)
                            .run(
                                    Args.parse(words, List.of("server", "token", "retry-failed", "resume", "config")),
                                    preview);
                }
                case "runs" -> remote().runs(rest);
                case "events" -> new EventsCommand(out, err, env).run(rest);
                case "rules" -> new RulesCommand(out, err, env).run(rest);
                case "windows" -> new WindowsCommand(out, err, env).run(rest);
                case "git" -> new GitCommand(out, err, env).run(rest);
                case "check" -> check(Args.parse(rest, List.of()));
                case "warm-up" -> WarmUp.run();
                case "cmdb" -> new CmdbCommand(out, err, database(home != null ? home : dataDir())).run(rest);
                case "db" -> new DbCommand(out, err, home != null ? home : dataDir(), env).run(rest);
                case "cluster" -> new ClusterCommand(out, err, database(home != null ? home : dataDir())).run(rest);
                case "import" -> notebooks().importNotebook(rest);
                case "export" -> notebooks().export(rest);
                case "hosts" -> new CmdbCommand(out, err, database(home != null ? home : dataDir())).hosts(rest);
                case "audit" -> {
                    Path data = home != null ? home : dataDir();
                    if (!rest.isEmpty() && rest.getFirst().equals("archive")) {
                        yield AuditArchiveCommand.run(
                                database(data), headExport(), rest.subList(1, rest.size()), out, err);
                    }
                    Args a = verifyArgs(rest, 0, "audit verify [--against FILE]");
                    yield AuditVerifyCommand.run(database(data), against(a), out, err);
                }
                case "evidence" -> {
                    if (!rest.isEmpty() && rest.getFirst().equals("compare")) {
                        if (rest.size() != 3) {
                            yield usage("evidence compare RUN-A RUN-B");
                        }
                        Path data = home != null ? home : dataDir();
                        yield EvidenceCompareCommand.run(data.resolve("evidence"), rest.get(1), rest.get(2), out, err);
                    }
                    if (!rest.isEmpty() && !rest.getFirst().equals("verify")) {
                        Path data = home != null ? home : dataDir();
                        yield new RetentionCommand(out, err, data, database(data), headExport()).run(rest);
                    }
                    Args a = verifyArgs(rest, 1, "evidence verify [RUN-ID] [--against FILE]");
                    String shared = env.getOrDefault("TEJUN_EVIDENCE_FOLDER", "");
                    if (!shared.isBlank()) { // the folder the servers of a cluster share: each server's chain
                        yield EvidenceVerifyCommand.runShared(
                                Path.of(shared),
                                home != null ? home : dataDir(),
                                a.positional().isEmpty() ? null : a.positional().getFirst(),
                                against(a),
                                out,
                                err);
                    }
                    yield EvidenceVerifyCommand.run(
                            (home != null ? home : dataDir()).resolve("evidence"),
                            a.positional().isEmpty() ? null : a.positional().getFirst(),
                            against(a),
                            out,
                            err);
                }
                default -> throw new Args.UsageError("unknown command '" + argv.getFirst() + "'");
            };
        } catch (Args.UsageError e) {
            err.println("tejun: " + e.getMessage());
            err.println(USAGE);
            return HeadlessRun.USAGE;
        } catch (DatabaseException | StorageException e) {
            // e.g. PostgreSQL unreachable or refusing the user: the reason, not a stack trace
            err.println("tejun: " + e.getMessage());
            return 1;
        }
    }

    /** The database the environment names ($TEJUN_DATABASE_URL …), SQLite in {@code data} when none. */
    private DatabaseSettings database(Path data) throws Args.UsageError {
        return database(env, data);
    }

    /** The store {@code TEJUN_DATABASE_*} in {@code env} names for the data folder {@code data}. */
    static DatabaseSettings database(Map<String, String> env, Path data) throws Args.UsageError {
        try {
            return DatabaseSettings.from(env, data);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageError(e.getMessage());
        }
    }

    private NotebookCommand notebooks() throws IOException, Args.UsageError {
        return new NotebookCommand(out, err, home != null ? home : dataDir(), headExport());
    }

    /** The words after {@code verify}: up to {@code optional} positional ones and {@code --against FILE}. */
    private static Args verifyArgs(List<String> rest, int optional, String usage) throws Args.UsageError {
        if (rest.isEmpty() || !rest.getFirst().equals("verify")) {
            usage(usage);
        }
        Args a = Args.parse(rest.subList(1, rest.size()), List.of("against"));
        if (a.positional().size() > optional || !a.params().isEmpty()) {
            usage(usage);
        }
        return a;
    }

    private static Path against(Args a) {
        String file = a.options().get("against");
        return file == null ? null : Path.of(file);
    }

    /** Where chain heads are exported, from $TEJUN_EXPORT_HEADS and $TEJUN_EXPORT_EVERY. */
    private HeadExport headExport() throws Args.UsageError {
        return headExport(env);
    }

    /** Where and how often the audit and evidence heads are exported ({@code TEJUN_EXPORT_HEADS/EVERY}). */
    static HeadExport headExport(Map<String, String> env) throws Args.UsageError {
        try {
            return HeadExport.parse(env.get("TEJUN_EXPORT_HEADS"), env.get("TEJUN_EXPORT_EVERY"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageError(e.getMessage());
        }
    }

    private static int usage(String what) throws Args.UsageError {
        throw new Args.UsageError("usage: tejun " + what);
    }

    /** The data folder {@link #dataDir} names, without making it: a check only reads what is there. */
    private Path checkDataDir() {
        return Path.of(Optional.ofNullable(env.get("TEJUN_HOME"))
                .filter(s -> !s.isBlank())
                .orElse(".tejun"));
    }

    static Path dataDir() throws IOException {
        String home = Optional.ofNullable(System.getenv("TEJUN_HOME"))
                .filter(s -> !s.isBlank())
                .orElse(".tejun");
        return PrivateFiles.folder(Path.of(home));
    }

    /** Every cell language this build can run; remote ones read hosts and secrets from the CMDB. */
    static ExecutorRegistry executors(CmdbStore cmdb, Path runbooks) {
        return new ExecutorRegistry(List.of(
                new ShellExecutorFactory(runbooks),
                new JavaExecutorFactory(),
                new SshExecutorFactory(cmdb),
                new AnsibleExecutorFactory(cmdb, runbooks),
                new TerraformExecutorFactory(cmdb, runbooks),
                new CmdbExecutorFactory(cmdb),
                JupyterExecutorFactory.python(),
                JupyterExecutorFactory.anyKernel(),
                new CollectExecutorFactory(cmdb, new SshExecutorFactory(cmdb)),
                new DialogExecutorFactory(cmdb)));
    }

    static CmdbStore cmdb(Path dataDir) {
        return new CmdbStore(dataDir.resolve("tejun.db"));
    }

    /** {@code --config FILE}, else {@code $TEJUN_HOME/tejun.yaml} when it exists, else none (null). */
    private Path configFile(String given) throws IOException {
        return given != null ? Path.of(given) : configFile(null, home != null ? home : dataDir());
    }

    /** {@code given}, else {@code data}'s {@code tejun.yaml} when it exists, else none (null). */
    static Path configFile(String given, Path data) {
        if (given != null) {
            return Path.of(given);
        }
        Path inHome = data.resolve("tejun.yaml");
        return Files.exists(inHome) ? inHome : null;
    }
    /** A progress line only where a person watches: the real stderr, and it is a terminal. */
    private RemoteCommand remote() {
        return new RemoteCommand(out, err, env, err == System.err && Terminal.stderrIsTerminal());
    }

    private int check(Args args) throws Exception {
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
        int undefined = folders.isEmpty()
                ? 0
                : VariablesCheck.print(
                        folders, (home != null ? home : checkDataDir()).resolve("tejun.db"), out, parsed);
        out.println("checked " + reports.size() + " files, " + failed + " with errors"
                + (undefined == 0 ? "" : "; " + undefined + " IaC files use undefined variables"));
        return failed == 0 && undefined == 0 && !reports.isEmpty() ? 0 : 1;
    }
}
