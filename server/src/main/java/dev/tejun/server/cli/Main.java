package dev.tejun.server.cli;

import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.PrivateFiles;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.StorageException;
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
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.run.HeadlessRun;
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
import dev.tejun.server.cli.remote.RunbookFileCommand;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code tejun serve | run | check}: the one entry point of the launcher script, and its table of commands. The
 * server's start-up is {@link ServeCommand}'s.
 */
public final class Main {

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
        // before the first virtual thread: a session writing its run's files must not hold up every other one
        VirtualThreadCarriers.configure();
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
        CommandLine tree = CommandTree.create();
        if (argv.isEmpty() || List.of("--help", "-h", "help").contains(argv.getFirst())) {
            return help(tree, argv);
        }
        if (tree.getSubcommands().containsKey(argv.getFirst())) {
            // picocli reads the words first: a command's --help, an option it does not take, a value of the wrong kind
            try {
                ParseResult parsed = tree.parseArgs(argv.toArray(String[]::new));
                for (CommandLine c : parsed.asCommandLineList()) {
                    if (c.isUsageHelpRequested()) {
                        out.print(c.getUsageMessage());
                        return 0;
                    }
                }
            } catch (ParameterException e) {
                err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
                err.print(e.getCommandLine().getUsageMessage());
                return HeadlessRun.USAGE;
            }
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
                    Path file = Path.of(a.options().get("output"));
                    int n;
                    try {
                        n = Backup.write(
                                database(home != null ? home : dataDir()),
                                configFile(a.options().get("config")),
                                file);
                    } catch (IOException e) {
                        err.println("tejun backup: " + e.getMessage());
                        yield 1;
                    } catch (java.sql.SQLException e) {
                        err.println("tejun backup: cannot read the database "
                                + database(home != null ? home : dataDir()).where() + ": " + e.getMessage());
                        yield 1;
                    }
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
                        int n = Restore.into(Path.of(a.positional().getFirst()), database(into));
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
                case "runbook" -> new RunbookFileCommand(out, err, env).run(rest);
                case "check" ->
                    new CheckCommand(out, err, home != null ? home : checkDataDir()).run(Args.parse(rest, List.of()));
                case "completion" -> {
                    // made from the command table at each call: nothing generated is kept in the repository
                    out.print(AutoComplete.bash("tejun", tree));
                    yield 0;
                }
                case "warm-up" -> WarmUp.run(rest, out);
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
            err.print(usageOf(tree, argv));
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
        // one ssh factory: the collect cells wire into= collecting into the very one the registry hands out
        SshExecutorFactory ssh = new SshExecutorFactory(cmdb);
        return new ExecutorRegistry(List.of(
                new ShellExecutorFactory(runbooks),
                new JavaExecutorFactory(),
                ssh,
                new AnsibleExecutorFactory(cmdb, runbooks),
                new TerraformExecutorFactory(cmdb, runbooks),
                new CmdbExecutorFactory(cmdb),
                JupyterExecutorFactory.python(),
                JupyterExecutorFactory.anyKernel(),
                new CollectExecutorFactory(cmdb, ssh),
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

    /**
     * {@code tejun}, {@code tejun --help}: the commands; {@code tejun help COMMAND…}: that command's usage. No words at
     * all is a usage error (exit 2), as it always was.
     */
    private int help(CommandLine tree, List<String> argv) throws Args.UsageError {
        CommandLine c = tree;
        for (String word : argv.isEmpty() ? List.<String>of() : argv.subList(1, argv.size())) {
            c = c.getSubcommands().get(word);
            if (c == null) {
                throw new Args.UsageError("no command '" + String.join(" ", argv.subList(1, argv.size())) + "'");
            }
        }
        out.print(c.getUsageMessage());
        return argv.isEmpty() ? HeadlessRun.USAGE : 0;
    }

    /** The usage of the deepest command {@code argv} names (the list of commands when it names none). */
    private static String usageOf(CommandLine tree, List<String> argv) {
        CommandLine c = tree;
        for (String word : argv) {
            CommandLine sub = c.getSubcommands().get(word);
            if (sub == null) {
                break;
            }
            c = sub;
        }
        return c.getUsageMessage();
    }
}
