package dev.tejun.server.cli;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.cmdb.CmdbReferences;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.flow.CmdbHosts;
import dev.tejun.kernel.flow.FlowCheck;
import dev.tejun.kernel.flow.HeadlessFlowRun;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.guard.choices.ParamChoices;
import dev.tejun.kernel.guard.locks.LockTable;
import dev.tejun.kernel.guard.locks.ResourceLocks;
import dev.tejun.kernel.guard.release.ReleaseGuard;
import dev.tejun.kernel.guard.windows.CalendarFiles;
import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.kernel.preview.Previews;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.retry.RetryPlan;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.CellLimits;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.RunGuard;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.audit.Via;
import dev.tejun.server.cli.args.Args;
import dev.tejun.server.cli.remote.RemoteCommand;
import dev.tejun.server.cmdb.OperationRuns;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.flows.HeadlessFlows;
import dev.tejun.server.guard.windows.OverrideStore;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.runs.CliRunRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tejun run}: against a server when one is named, else on this data folder — a runbook or a flow, its
 * preview ({@code --preview}), a retry of a run's failed hosts ({@code --retry-failed RUN-ID}), a resume from its failed cell
 * ({@code --resume RUN-ID}), or a param's choices
 * ({@code -p NAME=?}). Main only dispatches to it.
 */
final class RunCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final RemoteCommand remote;
    /** The data folder; null for $TEJUN_HOME ({@link Main#dataDir}). */
    private final Path home;

    RunCommand(PrintStream out, PrintStream err, Map<String, String> env, RemoteCommand remote, Path home) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.remote = remote;
        this.home = home;
    }

    /** The exit status of a local run refused by its maintenance windows (nothing ran). */
    static final int WINDOW_CLOSED = 3;

    /**
     * A local run obeys its windows as a server's manual run does (issue 23 §1): outside them it is refused, unless an
     * approver granted an override on this database (a server beside it shares it); refusal and use are audited.
     */
    private static String windowRefusal(Database db, CliRunRecord record, Path folder, Path file, String user)
            throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        String target =
                root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        TargetWindows windows =
                new TargetWindows(new RunbookFolder(root), CalendarFiles.defaultZone(Locale.getDefault()));
        return new WindowGuard(windows, new OverrideStore(db), record.audit(), Clock.systemUTC())
                .manualRefusal(user, Via.CLI, target, null);
    }

    /**
     * Why no cell could run with the params {@code operation} and {@code as-of} (the runbook's defaults filled in): an
     * operation nothing knows or a cancelled one, a time unreadable or in the future; null when they may run.
     */
    private static String scopeRefusal(CmdbStore cmdb, Path file, Map<String, String> given) throws IOException {
        Map<String, String> params = given;
        if (!FlowCheck.isFlow(file) && Files.isRegularFile(file)) {
            try {
                params = Params.resolve(
                        RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8))
                                .metadata(),
                        given);
            } catch (Params.InvalidParams e) {
                return null; // the run reports them itself, each on its line
            }
        }
        return OperationRuns.refusal(cmdb, params);
    }

    int run(Args args, boolean preview) throws Exception {
        String resumeOf = args.options().get("resume");
        String retryOf = resumeOf != null ? resumeOf : args.options().get("retry-failed");
        String option = resumeOf != null ? "--resume" : "--retry-failed";
        if (resumeOf != null && args.options().containsKey("retry-failed")) {
            throw new Args.UsageError("--resume and --retry-failed: one or the other");
        }
        if (preview && (retryOf != null || remote.remote(args))) {
            throw new Args.UsageError("--preview runs on this data folder, without " + option + "; against a server,"
                    + " POST /api/runs (a flow: POST /api/flows/NAME/start) with \"preview\": true");
        }
        if (retryOf != null && remote.remote(args)) {
            throw new Args.UsageError(option + " runs on this data folder; against a server, POST /api/runs/" + retryOf
                    + (resumeOf != null ? "/resume" : "/retry-failed"));
        }
        if (remote.remote(args)) {
            return remote.run(args);
        }
        if (args.options().containsKey("token")) {
            throw new Args.UsageError("--token needs --server (or TEJUN_SERVER)");
        }
        if (args.positional().size() != 1
                && (retryOf == null || args.positional().size() > 1)) {
            throw new Args.UsageError("run takes exactly one runbook file");
        }
        Path data = home != null ? home : Main.dataDir();
        CellLimits limits;
        Releases releases;
        Path evidence;
        ProofKey key = ProofKey.open(data);
        try {
            // the limits a server on this data folder would give its cells (a remote run has the server's own), and
            // its release branch: a local production run is refused as the server's would be
            Path config = Main.configFile(args.options().get("config"), data);
            Settings settings = Settings.of(config == null ? Map.of() : ConfigFile.read(config), env, Map.of());
            limits = settings.cellLimits();
            releases = settings.releases();
            // beside a server whose evidence.folder is shared: in its folder, extending its chain, as it would
            evidence = EvidenceFolders.of(settings, data, key).own();
        } catch (ConfigError | IllegalArgumentException e) {
            err.println("tejun run: " + e.getMessage());
            return HeadlessRun.USAGE;
        }
        CellSandbox.atStart(data, err);
        RetryPlan retry = null;
        if (retryOf != null) {
            try {
                retry = resumeOf != null ? RetryPlan.resume(evidence, retryOf) : RetryPlan.of(evidence, retryOf);
            } catch (IllegalArgumentException e) {
                err.println("tejun run " + option + ": " + e.getMessage());
                return HeadlessRun.USAGE;
            }
        }
        Path file = Path.of(
                args.positional().isEmpty()
                        ? retry.original().runbook()
                        : args.positional().getFirst());
        Path folder = FlowCheck.isFlow(file)
                ? FlowCheck.runbooksFolderOf(file.toAbsolutePath())
                : file.toAbsolutePath().getParent();
        String user = System.getProperty("user.name", "unknown");
        HeadExport export = Main.headExport(env);
        try (Database db = Database.open(Main.database(env, data));
                CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC());
                HeadlessFlows flows = new HeadlessFlows(
                        FlowCheck.runbooksFolderOf(file.toAbsolutePath()), releases, db, Clock.systemUTC());
                CliRunRecord record = new CliRunRecord(db, user, file.toString(), key, export)) {
            Optional<String> asked = args.params().entrySet().stream()
                    .filter(e -> e.getValue().equals("?"))
                    .map(Map.Entry::getKey)
                    .findFirst();
            if (asked.isPresent() && !FlowCheck.isFlow(file)) {
                // -p NAME=? lists the param's choices from this data folder's CMDB and runs nothing
                Runbook runbook = RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8));
                new ParamChoices(cmdb)
                        .list(runbook, asked.get(), ParamChoices.withDefaults(runbook, args.params()))
                        .choices()
                        .forEach(out::println);
                return 0;
            }
            String scope = scopeRefusal(cmdb, file, args.params());
            if (scope != null) {
                // as a server refuses the start (a 400): no cell runs with an operation nothing can read
                err.println("tejun run: " + scope);
                return HeadlessRun.USAGE;
            }
            String closed = preview ? null : windowRefusal(db, record, folder, file, user);
            if (closed != null) {
                err.println("tejun run: " + closed);
                return WINDOW_CLOSED;
            }
            ExecutorRegistry cells = flows.withCells(Main.executors(cmdb, folder));
            // a local run holds the same resource locks as a server's runs on this database; a preview holds none
            RunGuard guard = new ParamChoices(cmdb)
                    // a runbook's session is named by its path as given, a flow node's by its place in the folder
                    .then(new ReleaseGuard(
                            releases, name -> Files.exists(Path.of(name)) ? Path.of(name) : folder.resolve(name)))
                    .then(new ResourceLocks(new LockTable(db), Clock.systemUTC()));
            Session.Services services = new Session.Services(
                            preview ? Previews.of(cells, cmdb) : cells,
                            new EvidenceStore(evidence, Clock.systemUTC(), key, export),
                            data,
                            Clock.systemUTC(),
                            new CmdbReferences(cmdb),
                            preview ? guard.previewing() : guard)
                    .with(limits);
            flows.use(services);
            if (preview && FlowCheck.isFlow(file)) {
                return new HeadlessFlowRun(new FlowStore(db), services, out, err, HeadlessFlows.auditTo(record.audit()))
                        .resolvingHosts(CmdbHosts.over(cmdb))
                        .releasing(releases)
                        .preview(
                                file,
                                args.params(),
                                user,
                                new TargetWindows(
                                        new RunbookFolder(
                                                folder.toAbsolutePath().normalize()),
                                        CalendarFiles.defaultZone(Locale.getDefault()))::wouldMeet);
            }
            return FlowCheck.isFlow(file)
                    ? new HeadlessFlowRun(new FlowStore(db), services, out, err, HeadlessFlows.auditTo(record.audit()))
                            .recordingNodeRuns((session, run, who, via) -> record.nodeRun(session, run))
                            .releasing(releases)
                            .resolvingHosts(CmdbHosts.over(cmdb))
                            .run(file, args.params(), user)
                    : new HeadlessRun(services, out, err, record).run(file, args.params(), user, retry);
        }
    }
}
