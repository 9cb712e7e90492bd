package dev.tejun.kernel.flow;

import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Runs Conductor flows: starts instances, takes approvals, stops them, and picks up after a restart. The caller
 * (server, CLI) authenticates and checks roles; the engine records who did what.
 *
 * <p>On construction it reads the instances the store holds as unfinished: nodes that were running are marked
 * interrupted (their processes went with the old server), paused nodes stay paused and can still be approved,
 * and an interrupted instance waits for {@link #resume} or {@link #stop}.
 *
 * <p>What reads the instances (the live ones and the stored ones) and who hears of their changes is
 * {@link LiveInstances}'s, which this class extends so that callers find one engine.
 */
public final class FlowEngine extends LiveInstances implements AutoCloseable {

    /** How long an emergency stop waits for the cells it interrupted to end before it reports the flow stopped. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(FlowEngine.class.getName());

    private final RunbookFolder folder;
    private final Session.Services services;
    private volatile HoldPreviews holdPreviews;
    private volatile NodeRuns nodeRuns = (session, run, user, via) -> {};
    private volatile ParamsCheck paramsCheck = params -> {};
    private volatile HostResolver hosts = pattern -> {
        throw new IllegalArgumentException("for-each needs the CMDB's hosts, which this engine was not given");
    };
    private final FlowPermissions permissions;
    private final Thread ticker;

    public FlowEngine(RunbookFolder folder, Session.Services services, FlowStore store, Clock clock) {
        this(folder, services, store, clock, true);
    }

    /**
     * With {@code recover} false the engine leaves the stored instances alone: for a CLI run beside a server on the
     * same database, where the server owns the instances it started.
     */
    public FlowEngine(RunbookFolder folder, Session.Services services, FlowStore store, Clock clock, boolean recover) {
        this(folder, services, store, clock, recover, null);
    }

    /**
     * An engine that recovers the stored instances with {@code first} already subscribed, so it hears what recovery
     * finds (nodes marked interrupted, called flows that ended meanwhile), as an audit log must.
     */
    public FlowEngine(
            RunbookFolder folder, Session.Services services, FlowStore store, Clock clock, FlowListener first) {
        this(folder, services, store, clock, true, first);
    }

    /**
     * An engine with {@code first} already subscribed that recovers the stored instances only with {@code recover}:
     * a server that shares its database with others recovers later, through {@link #takeOver}, only the instances of
     * servers that are gone.
     */
    public FlowEngine(
            RunbookFolder folder,
            Session.Services services,
            FlowStore store,
            Clock clock,
            boolean recover,
            FlowListener first) {
        super(store, clock);
        this.folder = folder;
        // The engine's sessions (and the server's, through services()) get a flow cell that starts flows here:
        // the engine made after the executors needs no later hand-over.
        this.services = services.withExecutors(services.executors().with(List.of(new FlowExecutorFactory(() -> this))));
        this.permissions = new FlowPermissions(folder);
        if (first != null) {
            listeners.add(first);
        }
        if (recover) {
            Restart.recoverAll(this, store, live);
        }
        this.ticker = Holds.clock(this::closing, this::now, live.values());
    }

    /**
     * The services the engine's sessions use: those it was given, with a {@code flow} cell that starts flows on this
     * engine unless they had one. Sessions outside the engine (a server's notebooks) take these too.
     */
    public Session.Services services() {
        return services;
    }

    /**
     * Told of the run of every runbook node as it is queued, e.g. so a server lists, indexes, audits and can stop it
     * as it does any other run. Called on the flow's thread: it must not wait for the run.
     */
    @FunctionalInterface
    public interface NodeRuns {
        void started(Session session, Session.RunHandle run, String user, String via);
    }

    /** The host names a {@code for-each} node's pattern selects, in order; refused with a message fit for the node. */
    @FunctionalInterface
    public interface HostResolver {
        List<String> hosts(String pattern) throws IllegalArgumentException;

        /**
         * As {@link #hosts(String)} for a {@code cmdb:} pattern whose {@code ?} take {@code bound}, in order; a
         * resolver without queries refuses values to bind.
         */
        default List<String> hosts(String pattern, List<String> bound) throws IllegalArgumentException {
            if (!bound.isEmpty()) {
                throw new IllegalArgumentException("hosts=cmdb:… with values to bind is not available here");
            }
            return hosts(pattern);
        }
    }

    /** Where {@code for-each} nodes find their hosts (the server's CMDB); without one they fail saying so. */
    public void resolveHosts(HostResolver resolver) {
        this.hosts = resolver;
    }

    /**
     * The hosts of a {@code for-each} node's pattern as written, its references read from {@code lookup} and put in as
     * data ({@link HostQuery#pattern}): a value is a bound parameter of a {@code cmdb:} query, or host and group names.
     */
    List<String> hosts(String written, java.util.function.Function<String, java.util.Optional<String>> lookup) {
        Rendered pattern = HostQuery.pattern(
                Template.FLOWS, written, r -> lookup.apply(r.name()).map(v -> new Slot(r, v, null)));
        return hosts.hosts(pattern.text(), pattern.bound());
    }

    /** Replaces the watcher of node runs (one per engine: the server's run records). */
    public void watchNodeRuns(NodeRuns watcher) {
        this.nodeRuns = watcher;
    }

    /**
     * Checks an instance's params before it is made, beyond the flow's own declarations (the server's: a CMDB
     * operation that exists and is not cancelled, an {@code as-of} in the past).
     */
    @FunctionalInterface
    public interface ParamsCheck {
        /** @throws Refused naming what is wrong */
        void check(Map<String, String> params);
    }

    /** A start refused by the {@link ParamsCheck}: nothing was made or ran. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }

    /** From now on every instance, called ones included, is checked by {@code check} before it is made. */
    public void checkParams(ParamsCheck check) {
        this.paramsCheck = check;
    }

    /** The role names of whoever starts a flow ({@code user} through {@code via}); empty for nobody known. */
    @FunctionalInterface
    public interface RoleLookup {
        java.util.Set<String> rolesOf(String user, String via);
    }

    /** A start refused because the starter may not run every runbook of the flow; nothing ran. */
    public static final class NotAllowed extends IllegalArgumentException {
        public NotAllowed(String message) {
            super(message);
        }
    }

    /**
     * From now on every start and every runbook node is checked against the starter's roles (see
     * {@link FlowPermissions}); the server installs this, a local CLI run does not.
     */
    public void checkRoles(RoleLookup lookup) {
        permissions.use(lookup);
    }

    /** Null when the instance's starter may run {@code runbook} (its pinned text, else the file); else why not. */
    String nodeRefusal(String starter, String via, RunbookFile runbook) {
        return permissions.nodeRefusal(starter, via, runbook);
    }

    void nodeRunStarted(Session session, Session.RunHandle run, String user, String via) {
        try {
            nodeRuns.started(session, run, user, via);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the watcher of node runs failed", e);
        }
    }

    // ---- public API ----

    /**
     * Validates and starts the flow {@code flow} (a path in the runbooks folder) and returns the instance id.
     *
     * @throws FlowFiles.InvalidFlow when the flow file has errors
     * @throws dev.tejun.kernel.session.Params.InvalidParams when {@code params} do not fit the flow's declarations
     * @throws Refused               when the {@link #checkParams params check} refuses them
     * @throws NotAllowed            when the starter may not run every runbook of the flow
     */
    public String start(String flow, Map<String, String> params, String user, String via) {
        return start(flow, params, new Actor(user, via), null);
    }

    /**
     * As {@link #start(String, Map, String, String)}; {@code origin} says where the start came from when the
     * interface alone does not (a {@code flow} cell: "from cell go of book.md"), for the instance's history.
     */
    public String start(String flow, Map<String, String> params, Actor starter, String origin) {
        InstanceRun run = create(flow, params, starter.user(), starter.via(), null, null);
        run.begin(origin);
        return run.id();
    }

    /**
     * Shows what starting {@code flow} with {@code params} as {@code starter} would do, node by node, and starts
     * nothing (issue 23): checked as a start is (valid flow, params, the starter's roles). Runbook nodes are shown
     * by preview runs on {@code previews} (their evidence is kept), whose guard must be
     * {@link dev.tejun.kernel.session.RunGuard#previewing() previewing}; {@code windows} may be null (none shown).
     */
    public FlowPreview preview(
            String flow,
            Map<String, String> params,
            Actor starter,
            Session.Services previews,
            WouldMeet.Windows windows) {
        permissions.checkStart(flow, starter.user(), starter.via());
        return new FlowPreviewer(this, previews, windows, starter.user(), starter.via()).preview(flow, params, 0);
    }

    /**
     * From now on a pause node that starts waiting gets the preview of what follows it (issue 23), made with
     * {@code previews} (preview executors, a previewing guard) and kept as evidence: {@link #holdPreview}.
     */
    public void previewHolds(Session.Services previews, WouldMeet.Windows windows) {
        this.holdPreviews = new HoldPreviews(this, previews, windows);
    }

    /**
     * The preview of what follows paused node {@code nodeId} of instance {@code instanceId}: ready (a
     * {@link FlowPreview} as JSON), being made, failed or never made; empty for ids that are no ids.
     */
    public Optional<HoldPreview> holdPreview(String instanceId, String nodeId) throws IOException {
        return HoldPreviews.state(store.holdPreviews(), services.evidence().root(), instanceId, nodeId);
    }

    /** Releases a paused node; the flow goes on along its path. */
    public void approve(String instanceId, String nodeId, String user, String comment) {
        approve(instanceId, nodeId, new Actor(user, null), comment);
    }

    /** As {@link #approve(String, String, String, String)}, recording the interface the decision came through. */
    public void approve(String instanceId, String nodeId, Actor actor, String comment) {
        run(instanceId).holds().decide(nodeId, true, actor.user(), actor.via(), comment, null);
    }

    /** Refuses a paused node: it ends failed, so a branch after it can take the "failed" path. */
    public void reject(String instanceId, String nodeId, String user, String comment) {
        reject(instanceId, nodeId, new Actor(user, null), comment);
    }

    public void reject(String instanceId, String nodeId, Actor actor, String comment) {
        run(instanceId).holds().decide(nodeId, false, actor.user(), actor.via(), comment, null);
    }

    /**
     * Stops every running node in every path, called flows included, and starts nothing more. Returns when the
     * interrupted cells have ended (their process trees killed) or after {@link #STOP_WAIT}, whichever is first;
     * the instance is then recorded as stopped by {@code user}.
     */
    public void emergencyStop(String instanceId, String user) {
        emergencyStop(instanceId, new Actor(user, null));
    }

    public void emergencyStop(String instanceId, Actor actor) {
        Stopping.stop(run(instanceId), actor, true, STOP_WAIT);
    }

    /** Ends an unfinished instance (typically an interrupted or paused one) without running anything more. */
    public void stop(String instanceId, String user) {
        stop(instanceId, new Actor(user, null));
    }

    public void stop(String instanceId, Actor actor) {
        Stopping.stop(run(instanceId), actor, false, STOP_WAIT);
    }

    /** Runs the interrupted nodes of an instance again, then goes on from them. */
    public void resume(String instanceId, String user) {
        resume(instanceId, new Actor(user, null));
    }

    /**
     * As {@link #resume(String, String)}; the nodes run the runbooks as they are now (fix the failed step, then
     * resume, as a run's resume does), read again and kept for the instance before they run.
     */
    public void resume(String instanceId, Actor actor) {
        InstanceRun run = run(instanceId);
        store.keepRunbooks(instanceId, runbookTexts(run.definition()));
        Restart.resume(run, actor.user(), actor.via());
    }

    /** The instances this engine starts from now on are recorded as driven by the cluster node {@code name}. */
    public void ownedBy(String name) {
        store.ownedBy(name);
    }

    /**
     * Takes over the stored unfinished instances this engine does not drive and {@code claim} gives it (those of a
     * server that died, claimed in the store as it answers), as a restart recovers them: paused nodes stay paused,
     * running ones become interrupted and resumable. Returns their ids.
     */
    public List<String> takeOver(Predicate<FlowInstance> claim) {
        synchronized (live) {
            return Restart.recover(this, store, live, claim);
        }
    }

    /** The validated definition of a flow file, e.g. for drawing its graph; throws {@link FlowFiles.InvalidFlow}. */
    public FlowDefinition definition(String flow) {
        return FlowFiles.require(folder, flow).definition();
    }

    /**
     * For a server going down: kills the processes of running runbook nodes but records nothing, so the next
     * engine over the same store finds those nodes running and marks them interrupted.
     */
    @Override
    public void close() {
        closing = true;
        ticker.interrupt();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        live.values().forEach(r -> waits.addAll(r.abandon()));
        Stopping.awaitAll(waits, STOP_WAIT.multipliedBy(2));
    }

    // ---- for InstanceRun ----

    /** A pause node of {@code run} started waiting: what follows it is previewed, if holds are. */
    void holdReached(String instanceId, String nodeId, FlowDefinition def, FlowValues values, Actor starter) {
        HoldPreviews h = holdPreviews;
        if (h != null) {
            h.reached(instanceId, nodeId, def, values, starter);
        }
    }

    /**
     * The services node {@code nodeId} of instance {@code instanceId} starts runs with: their lock guard does not
     * take again what the instance and the node hold ({@link FlowLocks}).
     */
    Session.Services services(String instanceId, String nodeId) {
        InstanceRun run = live.get(instanceId);
        return run == null ? services : run.services(nodeId);
    }

    RunbookFolder folder() {
        return folder;
    }

    /**
     * The file node runs of instance {@code instanceId} run for {@code runbook}: the text read when the instance
     * started (a node on another server, or after the file changed, runs what the start was checked against), or the
     * file itself for an instance from before texts were kept, or one whose file could not be read then.
     */
    RunbookFile runbookFile(String instanceId, String runbook) {
        String text = store.runbooks(instanceId).get(runbook);
        Path path = folder.resolve(runbook);
        return text == null ? new RunbookFile(runbook, path) : RunbookFile.pinned(runbook, path, text);
    }

    /** The texts of the runbooks {@code def}'s runbook and for-each nodes run, as they are now, by name. */
    private Map<String, String> runbookTexts(FlowDefinition def) {
        Map<String, String> texts = new java.util.TreeMap<>();
        for (Node n : def.nodes()) {
            String runbook = switch (n) {
                case Node.RunbookNode r -> r.runbook();
                case Node.ForEachNode f -> f.runbook();
                default -> null;
            };
            if (runbook != null && !texts.containsKey(runbook)) {
                try {
                    texts.put(runbook, Files.readString(folder.resolve(runbook), StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    // not kept: the node reads the file when it starts and fails there with its own message
                }
            }
        }
        return texts;
    }

    InstanceRun startChild(
            InstanceRun parent, Node.CallNode node, Map<String, String> params, String user, String via) {
        InstanceRun child = create(node.flow(), params, user, via, parent.id(), node.id());
        child.begin(null);
        return child;
    }

    /** One host's run of a for-each node's flow: a called flow of {@code parent}, linked to the node. */
    InstanceRun startPerHost(FlowInstance parent, Node.ForEachNode node, Map<String, String> params, String user) {
        InstanceRun child = create(node.flow(), params, user, parent.via(), parent.id(), node.id());
        child.begin(null);
        return child;
    }

    // ---- inside ----

    private InstanceRun create(
            String flow, Map<String, String> params, String user, String via, String parentId, String parentNode) {
        FlowFiles.Loaded loaded = FlowFiles.require(folder, flow);
        if (parentId == null) {
            permissions.checkStart(flow, user, via); // a called flow was checked with its caller
        }
        FlowDefinition def = loaded.definition();
        FlowInstance instance = NewInstance.of(def, flow, params, user, via, now(), parentId, parentNode);
        paramsCheck.check(instance.params()); // as the declarations made them, defaults included
        store.create(instance, loaded.text(), runbookTexts(def));
        InstanceRun run = new InstanceRun(this, def, instance, Map.of());
        live.put(run.id(), run);
        announce(new FlowChange.InstanceChanged(instance));
        return run;
    }
}
