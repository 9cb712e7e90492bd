package dev.tejun.server.runs;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code tejun run FILE} leaves behind besides its evidence: execution start and end in the audit log of
 * the data folder (interface {@code cli}, the OS user) and the run's row in the run index, as a run in the server
 * would. For a flow file, the flow's actions go to the same audit log ({@link #audit()}). It writes to the same {@code tejun.db} as a server beside it; the database queues the writers.
 */
public final class CliRunRecord implements HeadlessRun.Watcher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CliRunRecord.class);

    private final AuditLog audit;
    private final RunIndex index;
    private final com.fasterxml.jackson.databind.ObjectMapper json = Json.MAPPER;
    private final String user;
    private final String runbook;
    /** How often a running {@code tejun run} looks for a stop request from a server beside it. */
    static final java.time.Duration STOP_POLL = java.time.Duration.ofMillis(500);
    /** Every how many polls the run says it is alive: every 5 s, well within {@link RunIndex#ALIVE_FOR}. */
    private static final int SEEN_EVERY = 10;

    private final java.util.Map<String, Thread> stopWatches = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<java.util.concurrent.CompletableFuture<Void>> pending =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code db}: the process's database, which the caller closes after this. */
    public CliRunRecord(Database db, String user, String runbook, ProofKey key, HeadExport export) {
        this.audit = new AuditLog(db, Clock.systemUTC(), key, export);
        this.index = new RunIndex(db, json);
        this.user = user;
        this.runbook = runbook;
    }

    @Override
    public void started(String runId) {
        started(runId, runbook);
    }

    /**
     * Also looks, every {@link #STOP_POLL}, for a request to stop the run that a server on the same data folder took
     * ({@code tejun runs stop ID} or {@code POST /api/runs/ID/stop} there), until the run ends.
     */
    @Override
    public void started(String runId, Runnable stop) {
        started(runId, runbook);
        watchForStop(runId, stop);
    }

    private void watchForStop(String runId, Runnable stop) {
        index.seen(runId, java.time.Instant.now()); // at once: a server starting now must already see it alive
        stopWatches.put(runId, Thread.ofVirtual().name("stop-watch-" + runId).start(() -> pollForStop(runId, stop)));
    }

    @Override
    public void finished(RunFinished done) {
        endStopWatch(done.runId());
        finished(done, runbook);
    }

    private void pollForStop(String runId, Runnable stop) {
        try {
            for (long polls = 1; !Thread.currentThread().isInterrupted(); polls++) {
                if (polls % SEEN_EVERY == 0) {
                    index.seen(runId, java.time.Instant.now()); // so a server that starts leaves it running
                }
                Optional<String> by = index.stopRequestedBy(runId);
                if (by.isPresent()) {
                    LOG.info("run {} stopped at the request of {} through the server", runId, by.get());
                    stop.run();
                    return;
                }
                Thread.sleep(STOP_POLL);
            }
        } catch (InterruptedException e) {
            // the run ended
        } catch (RuntimeException e) {
            LOG.warn("cannot look for stop requests of run {}", runId, e);
        }
    }

    private void endStopWatch(String runId) {
        Thread t = stopWatches.remove(runId);
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The run of a runbook node of a flow file run by {@code tejun run}: recorded as a run of its own, under its
     * runbook's name, as the server records its flows' node runs. {@link #close()} waits for the records of runs
     * that are ending.
     */
    public void nodeRun(Session session, Session.RunHandle run) {
        String name = session.file().name();
        started(run.runId(), name);
        watchForStop(run.runId(), session::interrupt);
        java.util.concurrent.CompletableFuture<Void> recorded = run.afterEnd(done -> {
            endStopWatch(done.runId());
            finished(done, name);
        });
        pending.add(recorded);
    }

    private void started(String runId, String runbook) {
        audit.append(user, Via.CLI, "execution.start", runbook, "started", null, Json.object("runId", runId));
        try {
            index.started(runId, runbook, user, Via.CLI.wire(), java.time.Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("could not index the start of run {}", runId, e);
        }
    }

    private void finished(RunFinished done, String runbook) {
        String manifest = null;
        try {
            if (done.evidence() != null) {
                manifest = index.record(Path.of(done.evidence())).manifestSha256();
            } else {
                index.ended(done.runId(), done.status().name(), java.time.Instant.now());
            }
        } catch (Exception e) {
            LOG.warn("could not index run {}", done.runId(), e);
            try {
                index.ended(done.runId(), done.status().name(), java.time.Instant.now()); // never left running
            } catch (RuntimeException again) {
                LOG.warn("could not index the end of run {}", done.runId(), again);
            }
        }
        java.util.Map<String, String> detail = new java.util.LinkedHashMap<>();
        detail.put("runId", done.runId());
        detail.put("manifest", manifest);
        String json;
        try {
            json = this.json.writeValueAsString(detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        audit.append(
                user, Via.CLI, "execution.end", runbook, done.status().name().toLowerCase(), null, json);
    }

    /** The data folder's audit log, for the flow actions of {@code tejun run X.flow.yaml}. */
    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        java.util.List.copyOf(stopWatches.keySet()).forEach(this::endStopWatch);
        for (java.util.concurrent.CompletableFuture<Void> f : pending) {
            try {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("a node run's record did not finish", e);
            }
        }
    }
}
