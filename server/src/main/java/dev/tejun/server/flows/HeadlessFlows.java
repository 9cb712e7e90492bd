package dev.tejun.server.flows;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.FlowExecutorFactory;
import dev.tejun.kernel.flow.FlowListener;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.flow.pause.PauseExecutorFactory;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code pause} and {@code flow} cells for {@code tejun run}: nobody can approve there, so a pause cell fails
 * at once; a flow cell gets an engine over the process's {@link Database}, made only when a flow cell first asks, and
 * without recovery (a server on the same database owns the instances it started).
 */
public final class HeadlessFlows implements Supplier<FlowEngine>, AutoCloseable {

    private final Path runbooksRoot;
    private final Releases releases;
    private final Database database;
    private final Clock clock;
    private volatile Session.Services services;
    private FlowStore store;
    private FlowEngine engine;

    /** {@code releases}: the configured release branch protected runbooks of the flows are checked against. */
    public HeadlessFlows(Path runbooksRoot, Releases releases, Database database, Clock clock) {
        this.runbooksRoot = runbooksRoot;
        this.releases = releases;
        this.database = database;
        this.clock = clock;
    }

    /** {@code executors} plus the pause and flow cells; call {@link #use} with the services built over the result. */
    public ExecutorRegistry withCells(ExecutorRegistry executors) {
        return FlowFeature.withCells(
                executors,
                List.of(new PauseExecutorFactory(Approvals.unattended(clock)), new FlowExecutorFactory(this)));
    }

    /** Every action of a flow file run by {@code tejun run}, written to the data folder's audit log as a server would. */
    public static FlowListener auditTo(AuditLog audit) {
        return new FlowAudit(audit, Json.MAPPER)::changed;
    }

    public void use(Session.Services services) {
        this.services = services;
    }

    @Override
    public synchronized FlowEngine get() {
        if (engine == null && services != null) {
            try {
                store = new FlowStore(database);
                engine = new FlowEngine(
                        new RunbookFolder(runbooksRoot).releasing(releases), services, store, clock, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return engine;
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
            store.close();
        }
    }
}
