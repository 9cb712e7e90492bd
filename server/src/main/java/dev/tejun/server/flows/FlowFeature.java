package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.dialog.DialogExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.flow.CellHoldPreviews;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.flow.pause.PauseExecutorFactory;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.RunPolicy;
import dev.tejun.server.auth.SocketAccess;
import dev.tejun.server.ws.HandshakePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The flows of one server: one {@link FlowEngine} over the server's {@link Database}, the {@link Approvals} of its
 * {@code pause} cells, and the handlers over them. It also adds the {@code pause} and {@code flow} cell languages
 * to the server's executors, because both need what only the server holds (the approvals, the engine), and writes
 * every flow action to the audit log ({@link FlowAudit}).
 */
public final class FlowFeature implements AutoCloseable {

    private final Session.Services services;
    private final FlowStore store;
    private final FlowEngine engine;
    private final Approvals approvals;
    private final FlowSocket socket;
    private final FlowRoutes routes;
    /** Requests for instances of other servers; null on SQLite. */
    private final FlowRequests elsewhere;

    private FlowFeature(
            Session.Services services,
            FlowStore store,
            FlowEngine engine,
            Approvals approvals,
            FlowSocket socket,
            FlowRoutes routes,
            FlowRequests elsewhere) {
        this.elsewhere = elsewhere;
        this.services = services;
        this.store = store;
        this.engine = engine;
        this.approvals = approvals;
        this.socket = socket;
        this.routes = routes;
    }

    /**
     * Opens the flow store and engine (recovering the instances a previous server left) and makes the services
     * every session of the server shares: {@code services} gets the executors with {@code pause} and {@code flow}
     * added (unless {@code executors} already has them).
     */
    public static FlowFeature open(
            RunbookFolder folder,
            Database database,
            Clock clock,
            ExecutorRegistry executors,
            Function<ExecutorRegistry, Session.Services> services,
            HandshakePolicy policy,
            ObjectMapper json,
            AuditLog audit,
            SocketAccess sockets,
            RunPolicy runPolicy) {
        Approvals approvals = Approvals.attended(clock);
        // a pause cell (or an ssh hold point) that starts waiting is audited, which notifies approval.waiting
        approvals.onRequest(a -> audit.append(
                a.startedBy(),
                Via.SERVER,
                "approval.waiting",
                ApprovalsHandler.target(a),
                "waiting",
                null,
                Json.quoted(json.createObjectNode()
                        .put("runId", a.runId())
                        .put(
                                "runbook",
                                approvals
                                        .runbook(a.id())
                                        .map(f -> nameIn(folder, f))
                                        .orElse(null))
                        .put("cellId", a.cellId())
                        .put("approver", a.approver())
                        .put("message", a.message()))));
        Session.Services given = services.apply(
                withHoldPoints(withCells(executors, List.of(new PauseExecutorFactory(approvals))), approvals));
        FlowStore store = new FlowStore(database);
        // audited from before recovery on, so the nodes a restart finds interrupted are audited too; on PostgreSQL
        // other servers may drive some of the stored instances: the cluster takes over only those of dead servers
        boolean alone = database.dialect() != Dialect.POSTGRESQL;
        FlowEngine engine = new FlowEngine(folder, given, store, clock, alone, new FlowAudit(audit, json)::changed);
        // the engine's services carry the flow cell that starts flows on it
        Session.Services shared = engine.services();
        FlowSocket socket = new FlowSocket(engine, policy, sockets, json);
        ApproverCheck approvers = new ApproverCheck(audit, runPolicy);
        FlowRequests elsewhere = FlowRequests.over(database, engine, clock);
        InstancesHandler instances = new InstancesHandler(engine, json, approvers, elsewhere);
        FlowRoutes routes = new FlowRoutes(
                new FlowsHandler(folder, engine, json, audit),
                instances,
                new ApprovalsHandler(approvals, json, approvers, audit),
                new FlowEvidenceHandler(engine, shared.evidence().root(), instances),
                socket);
        return new FlowFeature(shared, store, engine, approvals, socket, routes, elsewhere);
    }

    /** {@code file}'s name in {@code folder} ({@code ops/patch.md}), or null when it lies elsewhere. */
    private static String nameIn(RunbookFolder folder, Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(folder.root())
                ? folder.root().relativize(f).toString().replace('\\', '/')
                : null;
    }

    /** {@code executors} plus {@code extra} for the languages it does not have yet. */
    static ExecutorRegistry withCells(ExecutorRegistry executors, List<ExecutorFactory> extra) {
        return executors.with(extra);
    }

    /**
     * The ssh, dialog and ansible cells' {@code approve-after-first-batch=} hold points wait on the same approvals as pause
     * cells.
     */
    static ExecutorRegistry withHoldPoints(ExecutorRegistry executors, Approvals approvals) {
        ExecutorRegistry withSsh = executors
                .forLanguage("ssh")
                .filter(SshExecutorFactory.class::isInstance)
                .map(f -> executors.replacing(((SshExecutorFactory) f).withApprovals(approvals)))
                .orElse(executors);
        ExecutorRegistry withDialog = withSsh.forLanguage("dialog")
                .filter(DialogExecutorFactory.class::isInstance)
                .map(f -> withSsh.replacing(((DialogExecutorFactory) f).withApprovals(approvals)))
                .orElse(withSsh);
        return withDialog
                .forLanguage("ansible")
                .filter(AnsibleExecutorFactory.class::isInstance)
                .map(f -> withDialog.replacing(((AnsibleExecutorFactory) f).withApprovals(approvals)))
                .orElse(withDialog);
    }

    /**
     * Lets flow starts ask for a preview (issue 23): their runbooks run on {@code previews} (the preview executors),
     * with the sessions' guard previewing (it holds no lock), and windows are read with {@code windows}; so are the
     * previews of what follows each hold point, a flow's pause node or a run's pause cell ({@code runs} finds the run
     * a cell waits in).
     */
    public void previewWith(
            ExecutorRegistry previews,
            WouldMeet.Windows windows,
            Function<String, Optional<CellHoldPreviews.WaitingRun>> runs) {
        Session.Services previewing =
                services.withExecutors(previews).with(services.guard().previewing());
        routes.flows().previewWith(previewing, windows);
        // a hold point's approval request carries the preview of what follows it
        engine.previewHolds(previewing, windows);
        // and so does a pause cell's that asks for one (preview=true: a preview run is evidence of its own and runs
        // ansible in check mode), of the rest of its runbook (found among the runs the server runs: {@code runs})
        CellHoldPreviews cells = new CellHoldPreviews(engine, previewing, windows);
        approvals.onRequest(a -> {
            if (a.preview()) {
                cells.reached(a.runId(), a.cellId(), runs);
            }
        });
        routes.approvals().previewWith(cells);
    }

    public Session.Services services() {
        return services;
    }

    public FlowEngine engine() {
        return engine;
    }

    public Approvals approvals() {
        return approvals;
    }

    public FlowRoutes routes() {
        return routes;
    }

    /** Closes the socket pushes, then the engine (running nodes are left for the next start to mark interrupted). */
    @Override
    public void close() {
        if (elsewhere != null) {
            elsewhere.close();
        }
        socket.close();
        engine.close();
        store.close();
    }
}
