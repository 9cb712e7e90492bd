package dev.tejun.server.runs;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.session.RunGuard;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.runs.queue.QueueWorker;
import dev.tejun.server.runs.queue.QueuedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of the runs the run queue handed to this server: each run in a fresh session of its own (never an
 * operator's notebook session), under the id its asker was answered with, tracked like any run and closed when it
 * ends.
 */
final class QueuedSessions implements QueueWorker.Launcher, AutoCloseable {

    private final RunbookFolder folder;
    private final Session.Services services;
    private final RunRecords executions;
    /** The executors of a preview run (issue 23 §4): they show each cell and run nothing that changes anything. */
    private final ExecutorRegistry previews;
    /** The sessions not yet closed, by the id of their run. */
    private final Map<String, Session> own = new ConcurrentHashMap<>();
    // Closing a session interrupts its worker; the run's own completion runs on that worker, so closing happens here.
    private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();

    QueuedSessions(RunbookFolder folder, Session.Services services, RunRecords executions, ExecutorRegistry previews) {
        this.folder = folder;
        this.services = services;
        this.executions = executions;
        this.previews = previews;
    }

    /** Starts {@code run}, its session asking {@code claim} too before the run and each cell; answers its end. */
    @Override
    public CompletableFuture<RunFinished> launch(QueuedRun run, RunGuard claim) throws IOException {
        String sessionId = "api-" + UUID.randomUUID();
        Path work = Files.createDirectories(services.dataDir().resolve("work").resolve(sessionId));
        Path file = folder.resolve(run.runbook());
        Session session = new Session(
                sessionId,
                // the text the run was accepted with (a row queued before runs held it: the file as it is now)
                run.text() == null
                        ? new RunbookFile(run.runbook(), file)
                        : RunbookFile.pinned(run.runbook(), file, run.text()),
                run.params(),
                work,
                // a preview holds no lock (its guard previews): it is never queued or refused behind one, it lists them
                run.preview()
                        ? services.withExecutors(previews)
                                .with(services.guard().previewing().then(claim))
                        : services.with(services.guard().then(claim)));
        session.runsOnce(run.cells()); // its one run: a lone shell cell needs no sandbox process of its own
        Session.RunHandle handle = session.run(run.cells(), run.user(), run.via(), run.retry(), run.runId());
        own.put(run.runId(), session);
        List<String> requires = run.requires() != null ? run.requires() : Runs.requiresOf(session);
        var recorded = executions.track(run.user(), run.iface(), run.via(), requires, session, handle, run.address());
        handle.finished().whenCompleteAsync((done, e) -> retire(run.runId(), session), closer);
        // the queue's row says done once the end is recorded (audit entry and index row), not before
        return handle.finished().thenCombine(recorded, (done, written) -> done);
    }

    @Override
    public void lost(String runId) {
        Session session = own.get(runId);
        if (session != null) {
            session.interrupt();
        }
    }

    private void retire(String runId, Session session) {
        session.close();
        own.remove(runId);
    }

    /** Stops every run still going. */
    @Override
    public void close() {
        own.values().forEach(Session::close);
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
