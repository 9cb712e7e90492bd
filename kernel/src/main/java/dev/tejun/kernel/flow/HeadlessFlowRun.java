package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.bundle.FlowBundle;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code tejun run FLOW.flow.yaml}: runs a flow without anybody watching and prints each node as it changes. The
 * instance is stored in the Tejun database like any other. Nothing prompts: a pause without a timeout cannot be
 * approved from here, so the run ends there (exit code {@link #PAUSED}) and leaves the instance paused for the
 * server to pick up when it next starts. Either way it writes the instance's evidence bundle
 * ({@link FlowBundle}) into the evidence folder and prints where.
 */
public final class HeadlessFlowRun {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PAUSED = 3;

    private final FlowStore store;
    private final Session.Services services;
    private final PrintStream out;
    private final PrintStream err;
    private final FlowListener record;
    private FlowEngine.NodeRuns nodeRuns;
    private FlowEngine.HostResolver hosts;
    private Releases releases = Releases.MAIN;

    /** {@code store}: the flow tables of the process's one database. */
    public HeadlessFlowRun(FlowStore store, Session.Services services, PrintStream out, PrintStream err) {
        this(store, services, out, err, null);
    }

    /** {@code record}: hears every change first, before the run's own printing (the CLI's audit log), or null. */
    public HeadlessFlowRun(
            FlowStore store, Session.Services services, PrintStream out, PrintStream err, FlowListener record) {
        this.store = store;
        this.services = services;
        this.out = out;
        this.err = err;
        this.record = record;
    }

    /** Hands the run of every runbook node to {@code watcher} as it starts (the CLI's run records). */
    public HeadlessFlowRun recordingNodeRuns(FlowEngine.NodeRuns watcher) {
        this.nodeRuns = watcher;
        return this;
    }

    /**
     * The release branch and reviewed folders protected runbooks are checked against ({@code git.release-branch} and
     * {@code git.reviewed-folders} of the data folder's configuration); without this, {@link Releases#MAIN}.
     */
    public HeadlessFlowRun releasing(Releases releases) {
        this.releases = releases;
        return this;
    }

    /** Where for-each nodes find their hosts (the CMDB's, {@link CmdbHosts}). */
    public HeadlessFlowRun resolvingHosts(FlowEngine.HostResolver resolver) {
        this.hosts = resolver;
        return this;
    }

    /**
     * Prints what starting the flow would do, node by node, and starts nothing (issue 23); the services' executors
     * are the preview ones and their guard previews. Exit code 0, or 2 for a bad flow or params.
     */
    public int preview(Path flowFile, Map<String, String> params, String user, WouldMeet.Windows windows)
            throws Exception {
        if (!Files.isRegularFile(flowFile) || !FlowCheck.isFlow(flowFile)) {
            err.println("tejun run: no flow file (*.flow.yaml) at " + flowFile);
            return USAGE;
        }
        Path abs = flowFile.toAbsolutePath().normalize();
        RunbookFolder folder = new RunbookFolder(FlowCheck.runbooksFolderOf(abs)).releasing(releases);
        String name = folder.root().relativize(abs.toRealPath()).toString().replace('\\', '/');
        try (FlowEngine engine = engine(folder)) {
            FlowPreviewText.print(engine.preview(name, params, new Actor(user, "cli"), services, windows), out);
            return OK;
        } catch (FlowFiles.InvalidFlow | Params.InvalidParams e) {
            err.println("tejun run: " + e.getMessage());
            return USAGE;
        }
    }

    /** An engine over the runbooks folder of the flow file, with its audit, node-run watcher and hosts. */
    private FlowEngine engine(RunbookFolder folder) {
        FlowEngine engine = new FlowEngine(folder, services, store, services.clock(), false, record);
        if (nodeRuns != null) {
            engine.watchNodeRuns(nodeRuns);
        }
        if (hosts != null) {
            engine.resolveHosts(hosts);
        }
        return engine;
    }

    /** Exit code: 0 when the flow ended ok or warning, 1 failed or stopped, 2 usage, 3 left waiting for approval. */
    public int run(Path flowFile, Map<String, String> params, String user) throws Exception {
        if (!Files.isRegularFile(flowFile) || !FlowCheck.isFlow(flowFile)) {
            err.println("tejun run: no flow file (*.flow.yaml) at " + flowFile);
            return USAGE;
        }
        Path abs = flowFile.toAbsolutePath().normalize();
        RunbookFolder folder = new RunbookFolder(FlowCheck.runbooksFolderOf(abs)).releasing(releases);
        String name = folder.root().relativize(abs.toRealPath()).toString().replace('\\', '/');
        try (FlowEngine engine = engine(folder)) {
            engine.subscribe(this::print);
            String id;
            try {
                id = engine.start(name, params, user, "cli");
            } catch (FlowFiles.InvalidFlow | Params.InvalidParams e) {
                err.println("tejun run: " + e.getMessage());
                return USAGE;
            }
            Thread stopOnCtrlC = new Thread(() -> engine.emergencyStop(id, user));
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            FlowInstance fi = engine.get(id).orElseThrow();
            while (!fi.status().finished() && !waitsForApprovalOnly(fi)) {
                fi = engine.await(id, Duration.ofMillis(200));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            out.println("flow " + fi.flow() + " (" + id + "): " + fi.status().key()
                    + (fi.message() == null ? "" : " — " + fi.message()));
            engine.record(id)
                    .ifPresent(r -> out.println("evidence: "
                            + FlowBundle.writeBeside(r, services.evidence().root())
                                    .toAbsolutePath()));
            if (!fi.status().finished()) {
                out.println("it waits for an approval in the server; start the server to approve or reject it");
                return PAUSED;
            }
            return fi.status() == FlowStatus.OK || fi.status() == FlowStatus.WARNING ? OK : FAILED;
        }
    }

    private static boolean waitsForApprovalOnly(FlowInstance fi) {
        return fi.status() == FlowStatus.PAUSED
                && fi.nodes().stream().noneMatch(n -> n.status() == NodeStatus.PAUSED && n.deadline() != null);
    }

    private void print(FlowChange change) {
        if (change instanceof FlowChange.NodeChanged n && n.node().status() != NodeStatus.PENDING) {
            out.println("  " + n.node().nodeId() + ": " + n.node().status().key()
                    + (n.node().message() == null ? "" : " — " + n.node().message()));
        }
    }
}
