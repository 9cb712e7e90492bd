package dev.tejun.server.runs;

import dev.tejun.kernel.evidence.InterruptedRuns;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.RunSummary;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of runs for {@link Runs}: each execution's start and end in the audit log and its row in the run index
 * (running from the start, replaced from its evidence at the end), and the live ones in {@link LiveRuns} so they can
 * be followed and stopped by id. Made before the flow engine (which needs the audit log), so {@link Runs} is not.
 */
public final class RunRecords {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);

    private final AuditLog audit;
    private final RunIndex index;
    private final LiveRuns live = new LiveRuns();
    private final java.time.Clock clock;
    /** Runs tracked whose end is not queued yet, so a stopping server can wait for them ({@link #drain}). */
    private final java.util.Set<java.util.concurrent.CompletableFuture<?>> pending =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    // Starts and ends are written off the threads that report them (a socket's, a session's), in order, many per
    // transaction: see RecordQueue.
    private final RecordQueue records;
    /** Told of every run as it is tracked (a run started for an operation links itself to it). */
    private final java.util.List<Watcher> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of each run this server tracks, as it is queued. */
    public interface Watcher {
        void tracked(String user, Via iface, Session session, Session.RunHandle run);
    }

    public RunRecords(AuditLog audit, RunIndex index, java.time.Clock clock) {
        this.audit = audit;
        this.index = index;
        this.clock = clock;
        this.records = new RecordQueue(audit, index, RETRY_EVERY);
    }

    /** Adds a watcher of every run tracked from now on. */
    public void watch(Watcher watcher) {
        watchers.add(watcher);
    }

    /** The run index these records write. */
    public RunIndex index() {
        return index;
    }

    /**
     * Starts looking for stops of this server's runs asked for through another server, when the database is shared
     * (PostgreSQL); null on SQLite. The caller closes it.
     */
    RemoteStops watchRemoteStops() {
        return index.shared() ? new RemoteStops(live, index, clock) : null;
    }

    /** The runs of this server that go on (and the newest that ended). */
    public LiveRuns live() {
        return live;
    }

    /**
     * A queued run: queues the audit entry of its start and its running row, holds it as live, and, when it ends,
     * queues its end entry and its final row (from what its recorder held, else from its evidence). {@code iface} is the audit's interface, {@code via} the one in
     * the run's evidence and row; {@code requires} what a stop needs ({@link LiveRuns.LiveRun#requires()}).
     * Answers when the end's records are written (at once with the run's failure when it ends without a result), so
     * the run queue says a run is done only once its end is in the audit log: a server killed between the two leaves
     * a started row, which its next start ends, never a done row whose end nobody recorded.
     */
    java.util.concurrent.CompletableFuture<Void> track(
            String user,
            Via iface,
            String via,
            List<String> requires,
            Session session,
            Session.RunHandle run,
            String address) {
        String runbook = session.file().name();
        // The run is queued already: its records are written when they can be, and it is followed whatever happens.
        java.time.Instant at = clock.instant();
        RecordQueue.Write start = new RecordQueue.Write(
                () -> index.started(run.runId(), runbook, user, via, at),
                startEntry(user, iface, runbook, run.runId(), address));
        records.add(new RecordQueue.Entry("record the start of run " + run.runId(), () -> start, null));
        live.add(new LiveRuns.LiveRun(run.runId(), runbook, user, via, requires, session, run));
        for (Watcher w : watchers) {
            try {
                w.tracked(user, iface, session, run);
            } catch (RuntimeException e) {
                LOG.warn("a watcher of run {} failed", run.runId(), e);
            }
        }
        java.util.concurrent.CompletableFuture<Void> recorded = new java.util.concurrent.CompletableFuture<>();
        // On the session's thread as its run ends: only queued here (it waits only while the queue is full).
        java.util.concurrent.CompletableFuture<Void> queued = run.finished()
                .thenAccept(done -> end(
                        user,
                        iface,
                        runbook,
                        done.runId(),
                        done.status().name().toLowerCase(),
                        done.evidence(),
                        address,
                        () -> session.evidence().sealedSummary(done.runId()),
                        () -> {
                            live.ended(done.runId());
                            recorded.complete(null);
                        },
                        null));
        pending.add(queued);
        queued.whenComplete((v, e) -> {
            pending.remove(queued);
            if (e != null) {
                recorded.completeExceptionally(e); // no end to record: the run failed without a result
            }
        });
        return recorded;
    }

    /**
     * A run that had started on a server that died, found by the run queue: its row is marked interrupted (made
     * when that server died before writing it) and the audit log says so, once, through the server that found it.
     */
    public void interruptedElsewhere(dev.tejun.server.runs.queue.RunQueue.Held run) {
        java.time.Instant at = clock.instant();
        index.started(run.runId(), run.runbook(), run.user(), run.via() == null ? "api" : run.via(), at);
        index.ended(run.runId(), RunIndex.INTERRUPTED, at);
        audit.append(
                run.user(),
                Via.SERVER,
                "execution.end",
                run.runbook(),
                "interrupted",
                null,
                Json.object("runId", run.runId()));
    }

    /**
     * A run a dead server of the cluster was executing, sealed in its folder of the shared evidence folder by this
     * server: its row is read from its evidence (interrupted, with its manifest) and its end audited, unless the run
     * queue audited it already ({@code audited}: a queued run, ended by {@link #interruptedElsewhere}).
     */
    public void cutOffElsewhere(String runId, Path dir, boolean audited) {
        if (audited) {
            interruptedRow(runId, dir);
            return;
        }
        // no row when the dead server died before writing it: who ran what is read from the run's evidence
        var row = index.row(runId)
                .map(r -> new String[] {r.user(), r.via(), r.runbook()})
                .or(() -> begun(dir));
        ended(
                row.map(r -> r[0]).orElse("server"),
                row.map(r -> r[1]).map(RunRecords::viaOf).orElse(Via.SERVER),
                row.map(r -> r[2]).orElse(null),
                runId,
                "interrupted",
                dir.toString(),
                null);
    }

    /** The run index row of a run cut off, read from its sealed evidence; its end is audited elsewhere. */
    private void interruptedRow(String runId, Path dir) {
        records.add(new RecordQueue.Entry(
                "record the end of run " + runId,
                () -> new RecordQueue.Write(endRow(runId, "interrupted", dir.toString()), null),
                null));
    }

    /** User, interface and runbook of the run begun in {@code dir}, as its evidence says; empty when unreadable. */
    private java.util.Optional<String[]> begun(Path dir) {
        try {
            RunSummary s = index.summaryOf(dir);
            return java.util.Optional.of(new String[] {s.user(), s.via(), s.runbook()});
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The run's status in the run index (upper case), empty when it has no row. */
    public java.util.Optional<String> indexedStatus(String runId) {
        return index.status(runId);
    }

    /** Whether a run held by another process (a {@code tejun run}) said lately that it is alive. */
    public boolean aliveElsewhere(String runId) {
        return index.aliveElsewhere(runId, clock.instant());
    }

    /** The rows of the run index that pass {@code filter}, newest first. */
    public List<RunIndex.RunRow> list(RunIndex.Filter filter) {
        return index.list(filter);
    }

    /** The run's row in the run index, if it has one. */
    public java.util.Optional<RunIndex.RunRow> indexedRow(String runId) {
        return index.row(runId);
    }

    /**
     * Asks the process that holds a run this server does not (a {@code tejun run} on the same data folder) to stop
     * it, and audits the request.
     */
    public void requestStopElsewhere(String user, Via iface, String runbook, String runId, String address) {
        index.requestStop(runId, user, clock.instant());
        stopRequested(user, iface, runbook, runId, address);
    }

    /** The audit entry of a request to stop a run (whoever started it). */
    public void stopRequested(String user, Via iface, String runbook, String runId, String address) {
        audit.append(user, iface, "execution.stop", runbook, "ok", address, Json.object("runId", runId));
    }

    /** The audit entry of a request the run policy refused, with the reason. */
    void refused(String user, Via iface, String action, String runbook, String why, String address) {
        audit.append(user, iface, action, runbook, "refused", address, Json.object("reason", why));
    }

    /** The audit entry of an interrupt from a notebook; {@code runId} is the run it stopped, null when none ran. */
    void interrupted(String user, Via iface, String runbook, String runId, String address) {
        audit.append(
                user, iface, "interrupt", runbook, "ok", address, runId == null ? null : Json.object("runId", runId));
    }

    /**
     * The audit entry of a run that begins; {@code runId} may be null where the runner makes it later. Queued: it is
     * written with the records before and after it.
     */
    public void started(String user, Via iface, String runbook, String runId, String address) {
        RecordQueue.Write start = new RecordQueue.Write(null, startEntry(user, iface, runbook, runId, address));
        records.add(new RecordQueue.Entry("audit the start of run " + runId, () -> start, null));
    }

    private static AuditLog.Draft startEntry(String user, Via iface, String runbook, String runId, String address) {
        return new AuditLog.Draft(
                user,
                iface,
                "execution.start",
                runbook,
                "queued",
                address,
                runId == null ? null : Json.object("runId", runId));
    }

    /**
     * Seals the evidence of runs a crash cut off (no manifest, no live process holds them) and records their end as
     * interrupted, in the run index and the audit log; a server calls it as it starts, after
     * {@link RunIndex#interruptRunning}. {@code queueEnded} is told of each in the same transaction: a queued run's
     * row in the run queue is ended with it, so the queue does not end (and audit) it a second time. A failure is
     * logged: the server starts all the same.
     */
    public void sealInterrupted(
            Path evidenceRoot, ProofKey key, HeadExport export, java.util.function.Consumer<String> queueEnded) {
        try {
            for (Path dir : InterruptedRuns.seal(
                    evidenceRoot,
                    run -> Manifest.seal(run, java.util.Map.of(), key, export),
                    runId -> index.status(runId).map(RunIndex.RUNNING::equals).orElse(false),
                    runId -> index.status(runId).isPresent(),
                    clock.instant(),
                    Duration.ofSeconds(5))) {
                var row = index.row(dir.getFileName().toString());
                if (row.map(RunIndex.RunRow::status)
                        .filter(s -> !RunIndex.RUNNING.equals(s) && !InterruptedRuns.INTERRUPTED.equals(s))
                        .isPresent()) {
                    // its end was recorded (index row and audit entry, one transaction) before the process died
                    // unsealed: the evidence is sealed now, and the end is not recorded a second time
                    LOG.warn("run {} ended but its evidence was not sealed; sealed it now", dir.getFileName());
                    continue;
                }
                LOG.warn(
                        "run {} was cut off (its process died); sealed its evidence as interrupted", dir.getFileName());
                String runId = dir.getFileName().toString();
                end(
                        row.map(RunIndex.RunRow::user).orElse("server"),
                        row.map(RunIndex.RunRow::via).map(RunRecords::viaOf).orElse(Via.SERVER),
                        row.map(RunIndex.RunRow::runbook).orElse(null),
                        runId,
                        "interrupted",
                        dir.toString(),
                        null,
                        java.util.Optional::empty,
                        null,
                        () -> queueEnded.accept(runId));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not seal the evidence of interrupted runs under {}", evidenceRoot, e);
        }
        // The server answers once their ends are written (a bounded wait: a full disk only delays them).
        records.awaitWritten(System.nanoTime() + STARTUP_WAIT.toNanos());
    }

    /** How long a starting server waits for the records of runs it found cut off. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    /**
     * Waits (a bounded time) for the runs that are ending and for every record queued, so a stopping server writes
     * them whole.
     */
    public void drain(java.time.Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (java.util.concurrent.CompletableFuture<?> f : java.util.List.copyOf(pending)) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                break; // a run that never started (dropped at shutdown) has nothing to record
            }
        }
        records.awaitWritten(deadline);
    }

    /**
     * The end of a run: its row in the run index (from its evidence, or just the status when it wrote none or its
     * evidence cannot be read) and its audit entry with the outcome. Never throws: a run that ended must not fail
     * for its record. Queued behind the records before it; what cannot be written now (the disk is full) is tried
     * again until it is.
     */
    public void ended(
            String user, Via iface, String runbook, String runId, String status, String evidence, String address) {
        end(user, iface, runbook, runId, status, evidence, address, java.util.Optional::empty, null, null);
    }

    /** {@code summary}: the run's row as its recorder held it, if it has one; else its evidence is read back. */
    private void end(
            String user,
            Via iface,
            String runbook,
            String runId,
            String status,
            String evidence,
            String address,
            java.util.function.Supplier<java.util.Optional<RunSummary>> summary,
            Runnable written,
            Runnable alsoWritten) {
        records.add(new RecordQueue.Entry(
                "record the end of run " + runId,
                () -> {
                    // on the writer's thread: the files of a run sealed elsewhere are read there, not here
                    java.util.Optional<RunSummary> held = summary.get();
                    String manifest = held.map(RunSummary::manifestSha256).orElseGet(() -> manifestOf(evidence));
                    Runnable row = held.<Runnable>map(s -> () -> index.record(s))
                            .orElseGet(() -> endRow(runId, status, evidence));
                    return new RecordQueue.Write(
                            alsoWritten == null
                                    ? row
                                    : () -> {
                                        if (row != null) {
                                            row.run();
                                        }
                                        alsoWritten.run(); // in the same transaction
                                    },
                            new AuditLog.Draft(
                                    user,
                                    iface,
                                    "execution.end",
                                    runbook,
                                    status,
                                    address,
                                    "{\"runId\":" + quoted(runId) + ",\"manifest\":" + quoted(manifest) + "}"));
                },
                written));
    }

    /**
     * The end row of a run this process did not seal: read back from its evidence, or just the status when it wrote
     * none or it cannot be read.
     */
    private Runnable endRow(String runId, String status, String evidence) {
        if (evidence != null) {
            try {
                RunSummary read = index.summaryOf(Path.of(evidence));
                return () -> index.record(read);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not index the end of run {} from its evidence; indexing its status only", runId, e);
            }
        }
        java.time.Instant at = clock.instant();
        return runId == null ? null : () -> index.ended(runId, status, at);
    }

    private static String manifestOf(String evidence) {
        try {
            Path m = evidence == null ? null : Path.of(evidence).resolve(Manifest.FILE);
            return m != null && Files.isRegularFile(m) ? Manifest.sha256(m) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The interface a row names; {@link Via#SERVER} for a word no interface has (a row of an older version). */
    private static Via viaOf(String word) {
        try {
            return Via.of(word);
        } catch (IllegalArgumentException e) {
            return Via.SERVER;
        }
    }

    static final java.time.Duration RETRY_EVERY = java.time.Duration.ofSeconds(2);

    private static String quoted(String s) {
        return Json.quoted(s);
    }
}
