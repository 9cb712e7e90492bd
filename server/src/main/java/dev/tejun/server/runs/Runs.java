package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.RunPolicy;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.runs.queue.RunQueue;
import dev.tejun.server.ws.RunControl;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one service that owns runs, whatever starts them: it starts, tracks, follows, stops and indexes every run of
 * this server — a notebook's (through {@link RunControl}, for the session socket), one over REST (each in a fresh
 * session of its own, never an operator's notebook session), a schedule's or an alert rule's
 * ({@link AuditedRunner}), a flow's runbook node ({@link #track}). Every permission question goes to the one
 * {@link RunPolicy}; every start and end goes to {@link RunRecords} (audit log, run index, live runs). Live runs are
 * followed through their session's event log, older ones read back from their evidence by {@link EvidenceReplay}.
 */
public final class Runs implements RunControl, AutoCloseable {

    /** Events per answer; the client asks again for more. */
    static final int PAGE = 1000;

    /** How long a stop waits for a run a server has claimed to have its session. */
    static final Duration STARTING = Duration.ofSeconds(10);

    private static final Set<String> STARTING_STATES = Set.of(RunQueue.CLAIMED, RunQueue.STARTED);

    /**
     * The answer to a start: a run started. A preview also lists the locks and maintenance windows the real run
     * would meet (issue 23), as they stand now; a real run has none listed (null).
     */
    public record Started(String runId, String runbook, List<WouldMeet.Lock> locks, List<WouldMeet.Window> windows) {}

    private final RunStarts starts;
    private final RunRecords executions;
    private final RunPolicy policy;
    private final RunEvidence evidence;
    private final EvidenceReplay replay;
    private final WindowGuard windows;
    /** Answers for runs of the queue this server does not hold. */
    private final QueuedPages pages;
    /** The sessions of the queued runs this server executes. */
    private final QueuedSessions sessions;
    /** Where REST runs wait for a server with room (this one or another on the same database). */
    private final Dispatch queue;
    /** Stops asked for through another server on a shared database; null on SQLite. */
    private final RemoteStops remoteStops;

    /**
     * {@code shared}: the evidence folders of a cluster that shares one ({@link EvidenceFolders}), whose runs this
     * server reads whoever executed them; null: this server's evidence only.
     */
    public Runs(
            RunbookFolder folder,
            Session.Services services,
            RunRecords executions,
            RunPolicy policy,
            WindowGuard windows,
            ObjectMapper json,
            ExecutorRegistry previews,
            Consumer<Map<String, String>> paramsCheck,
            Dispatch queue,
            EvidenceFolders shared) {
        this.queue = queue;
        this.starts = new RunStarts(folder, services, policy, windows, paramsCheck, queue);
        this.executions = executions;
        this.policy = policy;
        this.windows = windows;
        this.evidence = shared == null
                ? new RunEvidence(services.evidence().root())
                : new RunEvidence(shared, services.evidence().key());
        this.replay = new EvidenceReplay(evidence, json);
        this.remoteStops = executions.watchRemoteStops();
        this.sessions = new QueuedSessions(folder, services, executions, previews);
        this.pages = new QueuedPages(queue, executions, evidence);
    }

    /** The evidence folder, confined: for the downloads of {@link RunsHandler}. */
    RunEvidence evidence() {
        return evidence;
    }

    /** Whether this server answers for {@code runId} itself: it runs it, or its evidence can be read here. */
    public boolean holds(String runId) {
        return executions.live().find(runId).isPresent() || evidence.has(runId);
    }

    /** The rows of the run index that pass {@code filter}, newest first. */
    public List<RunIndex.RunRow> list(RunIndex.Filter filter) {
        return executions.list(filter);
    }

    /**
     * A run that something other than a notebook or the API queued (a flow's runbook node): audited under
     * {@code iface}, recorded with {@code via} in its evidence and row, followable and stoppable like any other.
     */
    public void track(String user, Via iface, String via, Session session, Session.RunHandle run) {
        executions.track(user, iface, via, requiresOf(session), session, run, null);
    }

    @Override
    public String refusal(Principal who, String action, Session session, String address) {
        String why = switch (action) {
            case "attach" -> policy.readRefusal(who);
            case "interrupt" -> interruptRefusal(who, session);
            default -> runOrWindowRefusal(who, session, address);
        };
        if (why != null) {
            executions.refused(who.name(), Via.WS, action, session.file().name(), why, address);
        }
        return why;
    }

    @Override
    public String queue(Principal who, Session session, List<String> cellIds, List<String> requires, String address) {
        Session.RunHandle run = session.run(cellIds, who.name(), who.via().wire());
        executions.track(who.name(), Via.WS, who.via().wire(), requires, session, run, address);
        return run.runId();
    }

    @Override
    public String interrupt(Principal who, Session session, String address) {
        String running = session.snapshot().activeRunId();
        session.interrupt();
        executions.interrupted(who.name(), Via.WS, session.file().name(), running, address);
        return running;
    }

    /** The policy's refusal of a notebook run, else the maintenance windows' (each cell run is a manual run). */
    private String runOrWindowRefusal(Principal who, Session session, String address) {
        String why = policy.runRefusal(
                who, session.file().name(), session.runbook().metadata().requires());
        return why != null
                ? why
                : windows.manualRefusal(who.name(), Via.WS, session.file().name(), address);
    }

    /**
     * An interrupt stops the session's active run: it needs what a stop of that run needs, whatever became of the
     * runbook's file since the run was queued. With nothing running, what running the runbook would need.
     */
    private String interruptRefusal(Principal who, Session session) {
        Optional<LiveRuns.LiveRun> active =
                executions.live().find(session.snapshot().activeRunId());
        if (active.isPresent()) {
            return policy.stopRefusal(
                    who,
                    active.get().runbook(),
                    active.get().runId(),
                    active.get().requires());
        }
        List<String> requires = requiresOf(session);
        return policy.runRefusal(who, session.file().name(), requires == null ? List.of() : requires);
    }

    /** What the session's runbook requires now; null when it cannot be read (deleted, unparsable). */
    static List<String> requiresOf(Session session) {
        try {
            return session.runbook().metadata().requires();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Checks and queues a run of {@code runbook} as {@code who}: 404 for no such runbook, 403 when its
     * {@code requires:} names a role {@code who} lacks, 400 for params that do not fit, 409 when the caller would
     * not {@code wait} and a lock the run needs is held or has runs queued for it. Nothing runs on a refusal.
     */
    public Started start(Principal who, String runbook, Map<String, String> params, String address, boolean wait)
            throws IOException {
        return starts.start(who, runbook, params, address, null, false, wait);
    }

    /** As {@link #start}; a preview shows every cell as it would run and runs nothing, kept in evidence as a run. */
    public Started preview(Principal who, String runbook, Map<String, String> params, String address)
            throws IOException {
        return starts.start(who, runbook, params, address, null, true, true);
    }

    /**
     * Goes on with run {@code runId} as {@code who} ({@link RunStarts#goOn}): a retry of its failed hosts, or with
     * {@code resume} a resume from its first cell that failed or stopped.
     */
    public Started goOn(Principal who, String runId, Map<String, String> params, String address, boolean resume)
            throws IOException {
        return starts.goOn(who, runId, params, address, resume);
    }

    /**
     * Starts taking queued runs as cluster member {@code server} (or the lone server), at most {@code capacity} at
     * once; {@code alive} names the servers alive (null when this one is alone on its database).
     */
    public void serveQueue(String server, int capacity, Supplier<Set<String>> alive) {
        queue.serve(server, capacity, sessions, alive, executions::interruptedElsewhere);
    }

    /**
     * {@code run.json} of a run of the queue written before its own: waiting for a place, handed to a session a
     * moment ago, or cancelled before it ran; empty when the run's evidence answers (or nothing does: a 404).
     */
    public Optional<RunJson> beforeEvidence(String runId) {
        return pages.runJson(runId);
    }

    /**
     * The run's events after {@code since}, waiting up to {@code wait} for one when there are none yet and the run
     * goes on. Any live run of this server is read from its session's event log (a notebook's, a schedule's, an API
     * run's); any other from its evidence. Throws a 404 {@code ApiException} for an unknown run.
     */
    public RunPage events(String runId, long since, Duration wait) throws IOException, InterruptedException {
        Optional<LiveRuns.LiveRun> live = executions.live().find(runId);
        if (live.isPresent()) {
            return LivePage.read(live.get(), since, wait, PAGE);
        }
        Optional<RunPage> queued = pages.page(runId, since, wait);
        if (queued.isPresent()) {
            return queued.get();
        }
        live = executions.live().find(runId); // started here while the queue's page waited for it
        if (live.isPresent()) {
            return LivePage.read(live.get(), since, wait, PAGE);
        }
        RunPage page = replay.page(runId, since);
        if (!page.finished()) {
            Optional<String> indexed = executions.indexedStatus(runId);
            if (indexed.isPresent() && !indexed.get().equals(RunIndex.RUNNING)) {
                // its server stopped (or died) during the run: it will never end by itself; what it wrote is kept
                return new RunPage(
                        runId,
                        page.runbook(),
                        page.events(),
                        page.lastSeq(),
                        true,
                        indexed.get().toLowerCase(Locale.ROOT));
            }
            if (!wait.isZero() && page.events().isEmpty()) {
                // running in another process (a server sharing the evidence folder, a local tejun run on this data
                // folder): what it wrote meanwhile
                Thread.sleep(Math.min(wait.toMillis(), 1000));
                return replay.page(runId, since);
            }
        }
        return page;
    }

    /**
     * Stops a live run of this server, whoever started it: the caller needs every role its runbook {@code requires:}
     * (403), and the request is audited. A run still queued is cancelled; one a server has just claimed is waited for
     * until its session holds it ({@link #awaitStart}). 404 when this server holds no such run, 409 when it ended or
     * waits behind another run of its notebook session (stop that one first).
     */
    public void stop(Principal who, String runId, String address) throws IOException {
        Optional<LiveRuns.LiveRun> live = executions.live().find(runId);
        if (live.isEmpty()) {
            Starting found = awaitStart(who, runId, address);
            if (found.cancelled()) {
                return;
            }
            live = found.live();
        }
        if (live.isEmpty()) {
            stopElsewhere(who, runId, address);
            return;
        }
        LiveRuns.LiveRun run = live.get();
        // the roles first: a caller who may not stop the run learns nothing of its state
        String refused = policy.stopRefusal(who, run.runbook(), runId, run.requires());
        if (refused != null) {
            throw new ApiException(403, refused);
        }
        if (run.finished()) {
            throw new ApiException(409, "run " + runId + " has already ended");
        }
        String active = run.session().snapshot().activeRunId();
        if (active != null && !active.equals(runId)) {
            throw new ApiException(
                    409, "run " + runId + " waits behind run " + active + " of the same session: stop that first");
        }
        executions.stopRequested(who.name(), who.via(), run.runbook(), runId, address);
        run.session().interrupt();
    }

    /**
     * A run this server does not hold but the run index has as running was started by another process on the same
     * data folder (a {@code tejun run}, which marks its row running): that process is asked to stop it. Its runbook
     * may lie outside the runbooks folder, where its {@code requires:} cannot be checked, so only an admin may.
     */
    private void stopElsewhere(Principal who, String runId, String address) {
        Optional<RunIndex.RunRow> row = executions.indexedRow(runId);
        if (row.isEmpty()) {
            throw ApiException.notFound("no run " + runId + " is going on in this server");
        }
        if (!row.get().status().equals(RunIndex.RUNNING)) {
            throw new ApiException(409, "run " + runId + " has already ended");
        }
        if (!executions.aliveElsewhere(runId)) {
            throw new ApiException(
                    409,
                    "run " + runId + " is held by no live process (its "
                            + row.get().via() + " process has not said it is alive for "
                            + RunIndex.ALIVE_FOR.toSeconds() + " s)");
        }
        if (!policy.roles(who).contains(Role.ADMIN.wire())) {
            throw new ApiException(
                    403,
                    "run " + runId + " belongs to another process (" + row.get().via()
                            + "); only an admin may stop it from here");
        }
        executions.requestStopElsewhere(who.name(), who.via(), row.get().runbook(), runId, address);
    }

    /** What a stop found of a run no session of this server held when it came: cancelled in the queue, or live. */
    private record Starting(boolean cancelled, Optional<LiveRuns.LiveRun> live) {}

    /**
     * Run {@code runId} once its session exists, or cancelled while still queued. The queue may have it claimed or
     * started with no session holding it yet: a server (this one's queue worker, woken by the insert, may claim a run
     * before the request that queued it answers) is making its session. Waits until this server tracks it, the queue
     * row ends, or another server's run has its row in the run index (a stop is then asked of that server); at most
     * {@link #STARTING}. A run that is (again) queued is cancelled.
     */
    private Starting awaitStart(Principal who, String runId, String address) {
        long until = System.nanoTime() + STARTING.toNanos();
        while (true) {
            Optional<LiveRuns.LiveRun> live = executions.live().find(runId);
            if (live.isPresent()) {
                return new Starting(false, live);
            }
            Optional<RunQueue.Held> held = queue.find(runId);
            if (held.isPresent() && held.get().state().equals(RunQueue.QUEUED)) {
                if (cancelQueued(who, held.get(), address)) {
                    return new Starting(true, Optional.empty());
                }
                continue; // a server claimed it meanwhile
            }
            if (held.isEmpty() || !STARTING_STATES.contains(held.get().state())) {
                endedInQueue(runId, held);
                return new Starting(false, Optional.empty());
            }
            if ((!queue.isMine(held.get().server())
                            && executions.indexedRow(runId).isPresent())
                    || System.nanoTime() - until >= 0) {
                return new Starting(false, Optional.empty());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "the stop of run " + runId + " was interrupted");
            }
        }
    }

    /** A run the queue has as ended but no index row yet says so (its end is being recorded): 409, not 404. */
    private void endedInQueue(String runId, Optional<RunQueue.Held> held) {
        if (held.isPresent() && executions.indexedRow(runId).isEmpty()) {
            throw new ApiException(
                    409, "run " + runId + " has already ended (" + held.get().state() + ")");
        }
    }

    /**
     * A stop of a run no server took yet: it never starts. Who asked it or an admin may (nothing ran yet). False when
     * a server claimed it meanwhile: it is then stopped as it starts.
     */
    private boolean cancelQueued(Principal who, RunQueue.Held run, String address) {
        if (!who.name().equals(run.user()) && !policy.roles(who).contains(Role.ADMIN.wire())) {
            throw new ApiException(
                    403,
                    "run " + run.runId() + " waits in the queue for " + run.user()
                            + "; only they or an admin may cancel it");
        }
        if (!queue.cancel(run.runId())) {
            return false;
        }
        executions.stopRequested(who.name(), who.via(), run.runbook(), run.runId(), address);
        return true;
    }

    /** Stops every run still going; the server calls it when it stops. */
    @Override
    public void close() {
        queue.close();
        if (remoteStops != null) {
            remoteStops.close();
        }
        sessions.close();
    }
}
