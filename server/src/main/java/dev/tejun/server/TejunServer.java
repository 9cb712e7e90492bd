package dev.tejun.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.cmdb.db.PrivateFiles;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.choices.ParamChoices;
import dev.tejun.kernel.guard.locks.LockTable;
import dev.tejun.kernel.guard.locks.ResourceLocks;
import dev.tejun.kernel.guard.release.ReleaseGuard;
import dev.tejun.kernel.guard.windows.CalendarFiles;
import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.kernel.preview.Previews;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.session.Sessions;
import dev.tejun.server.apidoc.ApiSpecHandler;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.FirstAdmin;
import dev.tejun.server.auth.LocalSignIn;
import dev.tejun.server.cluster.ClusterFeature;
import dev.tejun.server.cluster.ClusterNode;
import dev.tejun.server.cmdb.CmdbHandlers;
import dev.tejun.server.cmdb.OperationFlows;
import dev.tejun.server.cmdb.OperationRuns;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.edge.Origins;
import dev.tejun.server.edge.Tls;
import dev.tejun.server.edge.Transport;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.flows.FlowFeature;
import dev.tejun.server.git.GitFeature;
import dev.tejun.server.guard.choices.ChoicesHandler;
import dev.tejun.server.guard.locks.LocksHandler;
import dev.tejun.server.guard.windows.OverrideStore;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.guard.windows.WindowsHandler;
import dev.tejun.server.health.HealthHandler;
import dev.tejun.server.health.Readiness;
import dev.tejun.server.metrics.ServerMetrics;
import dev.tejun.server.notify.NotifyFeature;
import dev.tejun.server.relay.EvidenceRelay;
import dev.tejun.server.retention.Retention;
import dev.tejun.server.retention.RetentionHandler;
import dev.tejun.server.runbooks.NotebookImportHandler;
import dev.tejun.server.runbooks.RunbookEditor;
import dev.tejun.server.runbooks.RunbookImages;
import dev.tejun.server.runbooks.RunbookMovesHandler;
import dev.tejun.server.runbooks.RunbookReferrers;
import dev.tejun.server.runbooks.RunbookRenames;
import dev.tejun.server.runbooks.RunbooksHandler;
import dev.tejun.server.runs.HeadlessRuns;
import dev.tejun.server.runs.Runs;
import dev.tejun.server.runs.RunsHandler;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.runs.queue.RunQueue;
import dev.tejun.server.search.SearchHandler;
import dev.tejun.server.search.WorkspaceSearch;
import dev.tejun.server.sso.SsoFeature;
import dev.tejun.server.ws.HandshakePolicy;
import dev.tejun.server.ws.MessageCodec;
import dev.tejun.server.ws.SessionSocket;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Tejun server: the REST API, the session WebSocket and the notebook's files on one port.
 * Everything it uses is made here from the {@link ServerConfig} and handed down through constructors, so two
 * servers in one JVM (as in tests) share nothing.
 */
public final class TejunServer implements AutoCloseable {

    private final Javalin app;
    private final Sessions sessions;
    private final SessionSocket socket;
    private final HeadlessRuns headless;
    private final FlowFeature flows;
    private final Wiring trust;
    private final Runs runs;
    private final String host;
    private final int port;
    private final Database ownDatabase;
    private final boolean https;
    private final ServerMetrics metrics;
    private final Retention retention;
    private volatile ClusterFeature cluster;

    /** The name a server alone on its database (SQLite) claims queued runs under. */
    static final String LONE_SERVER = "local";

    private TejunServer(
            Javalin app,
            Sessions sessions,
            SessionSocket socket,
            HeadlessRuns headless,
            FlowFeature flows,
            String host,
            Database ownDatabase,
            Wiring trust,
            Runs runs,
            boolean https,
            ServerMetrics metrics,
            Retention retention) {
        this.retention = retention;
        this.https = https;
        this.metrics = metrics;
        this.trust = trust;
        this.runs = runs;
        this.app = app;
        this.ownDatabase = ownDatabase;
        this.sessions = sessions;
        this.socket = socket;
        this.headless = headless;
        this.flows = flows;
        this.host = host;
        this.port = app.port();
    }

    /** Starts listening and returns once the server answers; nothing heavy (JShell, …) starts before first use. */
    public static TejunServer start(ServerConfig config) throws IOException {
        Tls tls; // first: a key that does not load stops the start before anything is opened
        try {
            tls = Tls.from(config.settings());
        } catch (ConfigError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ObjectMapper json = Json.newMapper();
        RunbookFolder folder = new RunbookFolder(config.runbooksDir())
                .releasing(config.settings().releases());
        PrivateFiles.folder(config.dataDir());
        CellSandbox.atStart(config.dataDir(), System.err); // before anything runs a cell
        ProofKey proofKey = ProofKey.open(config.dataDir());
        // TEJUN_HOME/evidence, or this server's folder in one the servers of a cluster share (evidence.folder)
        EvidenceFolders evidenceFolders = EvidenceFolders.of(config.settings(), config.dataDir(), proofKey);
        EvidenceStore evidence =
                new EvidenceStore(evidenceFolders.own(), config.clock(), proofKey, config.headExport());
        // One database for every store: the given CMDB's (the CLI's), or one the server opens and closes.
        Database ownDatabase =
                config.cmdb() == null ? Database.open(DatabaseSettings.from(System.getenv(), config.dataDir())) : null;
        Database database = ownDatabase != null ? ownDatabase : config.cmdb().database();
        // Known before the bind: the stores made below write it into the rows they keep for the cluster.
        String nodeName = database.dialect() == Dialect.POSTGRESQL
                ? ClusterNode.name(config.settings(), config.port())
                : LONE_SERVER;
        CmdbStore cmdb = config.cmdb() == null ? new CmdbStore(database, Clock.systemUTC()) : config.cmdb();
        Origins origins = new Origins(config.settings().publicUrl());
        HandshakePolicy policy = new HandshakePolicy(config.host(), origins);
        Transport transport = new Transport(
                origins,
                tls == null ? -1 : config.settings().redirectPort(),
                config.settings().hstsMaxAge());
        Wiring trust = Wiring.open(
                database,
                config.dataDir(),
                evidence.root(),
                config.clock(),
                json,
                System.getenv(FirstAdmin.ENV),
                System.out,
                proofKey,
                config.headExport(),
                LocalSignIn.of(config.settings().text(Key.SSO_LOCAL_SIGN_IN)),
                users -> SsoFeature.directory(config.settings(), users));
        LockTable lockTable = new LockTable(database);
        ResourceLocks locks = new ResourceLocks(lockTable, config.clock());
        ParamChoices choices = new ParamChoices(cmdb);
        // made before the executors are handed out: it times every cell by language (its sockets count comes later)
        AtomicReference<SessionSocket> sockets = new AtomicReference<>(); // none open before it exists
        ServerMetrics metrics = new ServerMetrics(
                config.dataDir(),
                database,
                () -> sockets.get() == null ? 0 : sockets.get().openCount());
        FlowFeature flows = ServerFlows.open(
                config,
                database,
                folder,
                evidence,
                policy,
                json,
                cmdb,
                trust,
                // a production run of unreviewed text is refused before it waits for any lock
                choices.then(new ReleaseGuard(folder.releases(), folder::resolve))
                        .then(locks),
                metrics.cells()::metered);
        Sessions sessions = new Sessions(folder, flows.services());
        WindowGuard windows = new WindowGuard(
                new TargetWindows(folder, CalendarFiles.defaultZone(Locale.getDefault())),
                new OverrideStore(database),
                trust.auditLog(),
                config.clock());
        OperationRuns operationRuns = new OperationRuns(cmdb, trust.auditLog());
        trust.executions().watch(operationRuns::track);
        metrics.cells().counting(evidence);
        new OperationFlows(cmdb, trust.auditLog()).watch(flows.engine());
        Dispatch queue = new Dispatch(new RunQueue(database, json, config.clock()), database.wakeups());
        Runs runs = new Runs(
                folder,
                flows.services(),
                trust.executions(),
                trust.runPolicy(),
                windows,
                json,
                Previews.of(flows.services().executors(), cmdb),
                operationRuns::check,
                queue,
                evidenceFolders);
        // A flow's runbook nodes are runs like any other: listed live, followable, stoppable, indexed and audited.
        flows.engine().watchNodeRuns((session, run, user, via) -> runs.track(user, Via.FLOW, via, session, run));
        HeadlessRuns headless = HeadlessRuns.start(
                folder,
                flows.services(),
                flows::engine,
                json,
                config.clock(),
                database,
                trust.executions(),
                trust.auditLog(),
                trust.runPolicy(),
                windows,
                queue,
                runs,
                nodeName);
        SessionSocket socket =
                new SessionSocket(sessions, new MessageCodec(json), policy, trust.socket(), runs, trust.auditLog());
        sockets.set(socket);
        // the API document is made from the route table as registered, so its handler asks the app once it exists
        AtomicReference<Javalin> built = new AtomicReference<>();
        Retention retention =
                new Retention(database, config.dataDir(), evidence.root(), proofKey, trust.auditLog(), config.clock());
        NotifyFeature notify = NotifyFeature.open(
                config.settings(),
                database,
                cmdb,
                json,
                config.clock(),
                trust.auditLog(),
                () -> (tls != null ? "https://" : "http://") + config.host() + ":"
                        + built.get().port(),
                nodeName);
        // one GitSaves for saves, merges and pulls: they take turns on its writes() monitor
        GitSaves saves = new GitSaves(folder.root(), config.settings().gitSaves());
        GitFeature git;
        try {
            git = GitFeature.open(
                    config.settings(),
                    saves,
                    folder.root(),
                    cmdb,
                    config.dataDir(),
                    trust.auditLog(),
                    config.clock(),
                    json);
        } catch (ConfigError e) {
            throw new IOException(e.getMessage(), e);
        }
        RunbookEditor editor = new RunbookEditor(folder, saves);
        Routes.Handlers handlers = new Routes.Handlers(
                new HealthHandler(
                        version(),
                        new Readiness(
                                database,
                                evidence.root(),
                                config.dataDir(),
                                config.settings().minFreeMegabytes() * 1024 * 1024)),
                metrics,
                new RunbooksHandler(
                        editor,
                        json,
                        trust.requests(),
                        socket::runbookSaved,
                        new NotebookImportHandler(
                                editor,
                                folder,
                                evidence,
                                runDir -> trust.executions().index().record(runDir),
                                config.clock(),
                                json,
                                trust.requests()),
                        new RunbookMovesHandler(
                                editor,
                                json,
                                trust.requests(),
                                new RunbookReferrers(folder, database),
                                new RunbookRenames(database, config.clock()),
                                socket::runbookSaved)),
                new RunsHandler(
                        runs,
                        json,
                        // separate disks: a run another living server executed is read there
                        database.dialect() == Dialect.POSTGRESQL
                                ? new EvidenceRelay(database, nodeName, runs::holds)
                                : null),
                socket,
                policy,
                headless,
                CmdbHandlers.over(cmdb, json, config.clock(), config.runbooksDir()),
                flows.routes(),
                trust,
                SsoFeature.oidc(config.settings(), config.clock(), trust.userStore(), trust.auth(), trust.auditLog()),
                new ApiSpecHandler(version(), json, () -> RegisteredRoutes.of(built.get()), RouteShapes.all()),
                new WindowsHandler(windows, json),
                new LocksHandler(lockTable, config.clock()),
                new ChoicesHandler(folder, choices),
                new RetentionHandler(retention, json),
                notify.handler(),
                git.handler(),
                new SearchHandler(new WorkspaceSearch(editor.parsed(), runs::list, cmdb, evidence.root())),
                new RunbookImages(folder));
        Javalin app =
                HttpApp.create(config, json, tls, transport, metrics, handlers, List.of(notify::close, git::close));
        built.set(app);
        try {
            app.start();
            transport.httpsPort(app.port());
            retention.schedule();
        } catch (RuntimeException e) {
            notify.close();
            git.close();
            retention.close();
            sessions.close();
            headless.close();
            runs.close();
            flows.close();
            metrics.close();
            trust.socket().close();
            if (ownDatabase != null) {
                ownDatabase.close();
            }
            throw e;
        }
        TejunServer server = new TejunServer(
                app,
                sessions,
                socket,
                headless,
                flows,
                config.host(),
                ownDatabase,
                trust,
                runs,
                tls != null,
                metrics,
                retention);
        server.joinCluster(config.settings(), database, nodeName);
        server.cluster.sealCutOffRuns(evidenceFolders, proofKey, config.headExport(), trust.executions());
        return server;
    }

    /** Among other servers on the same PostgreSQL ({@link ClusterFeature}); {@code /metrics} names this one. */
    private void joinCluster(Settings settings, Database database, String nodeName) {
        try {
            String address = settings.text(Key.CLUSTER_ADDRESS);
            cluster = ClusterFeature.join(
                    settings,
                    database,
                    nodeName,
                    address.isBlank() ? baseUrl() : address,
                    trust.executions(),
                    flows.engine());
            cluster.afterBeat(headless::takeOver);
            socket.relayTo(cluster.sessionRelay());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        cluster.node().ifPresent(node -> metrics.server(node.name()));
        int capacity = Integer.parseInt(settings.text(Key.RUNS_CAPACITY));
        try {
            runs.serveQueue(
                    cluster.node().map(ClusterNode::name).orElse(LONE_SERVER),
                    capacity,
                    cluster.node().isPresent() ? cluster::aliveServers : null);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** This server's name and address among several on one PostgreSQL; empty on SQLite (it is alone). */
    public java.util.Optional<ClusterNode> node() {
        ClusterFeature joined = cluster;
        return joined == null ? java.util.Optional.empty() : joined.node();
    }

    /** Every HTTP and WebSocket route with the roles it names, as registered (WebSocket routes as method WS). */
    public List<dev.tejun.server.auth.RouteInfo> routes() {
        return RegisteredRoutes.of(app);
    }

    /** The port it listens on (the one picked when the config said 0); still the same after {@link #stop()}. */
    public int port() {
        return port;
    }

    /** {@code http(s)://HOST:PORT}, with a wildcard bind address replaced by loopback so the URL can be opened. */
    public String baseUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return (https ? "https://" : "http://") + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    /** Stops listening and ends every session, stopping what runs (no child process is left behind). */
    public void stop() {
        socket.closeAll();
        retention.close();
        app.stop();
        headless.close();
        runs.close();
        sessions.close();
        trust.executions().drain(java.time.Duration.ofSeconds(3));
        flows.close();
        metrics.close();
        trust.socket().close();
        ClusterFeature joined = cluster;
        if (joined != null) {
            joined.close(); // after the drain: its runs' rows are final, none is left for another server to sweep
        }
        if (ownDatabase != null) {
            ownDatabase.close(); // after the last run was recorded (drain)
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String version() {
        return BuildInfo.version();
    }
}
