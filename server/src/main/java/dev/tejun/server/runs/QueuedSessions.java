package dev.tejun.server.runs;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.runs.queue.QueuedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
final class QueuedSessions implements AutoCloseable {

    private final RunbookFolder folder;
    private final Session.Services services;
    private final RunRecords executions;
    /** The executors of a preview run (issue 23 §4): they show each cell and run nothing that changes anything. */
    private final ExecutorRegistry previews;
    /** The sessions not yet closed. */
    private final Set<Session> own = ConcurrentHashMap.newKeySet();
    // Closing a session interrupts its worker; the run's own completion runs on that worker, so closing happens here.
    private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();

    QueuedSessions(RunbookFolder folder, Session.Services services, RunRecords executions, ExecutorRegistry previews) {
        this.folder = folder;
        this.services = services;
        this.executions = executions;
        this.previews = previews;
    }

    /** Starts {@code run}; answers its end. */
    CompletableFuture<RunFinished> launch(QueuedRun run) throws IOException {
        String sessionId = "api-" + UUID.randomUUID();
        Path work = Files.createDirectories(services.dataDir().resolve("work").resolve(sessionId));
        Session session = new Session(
                sessionId,
                new RunbookFile(run.runbook(), folder.resolve(run.runbook())),
                run.params(),
                work,
                // a preview holds no lock (its guard previews): it is never queued or refused behind one, it lists them
                run.preview()
                        ? services.withExecutors(previews).with(services.guard().previewing())
                        : services);
        Session.RunHandle handle = session.run(run.cells(), run.user(), run.via(), run.retry(), run.runId());
        own.add(session);
        executions.track(run.user(), run.iface(), run.via(), Runs.requiresOf(session), session, handle, run.address());
        handle.finished().whenCompleteAsync((done, e) -> retire(session), closer);
        return handle.finished();
    }

    private void retire(Session session) {
        session.close();
        own.remove(session);
    }

    /** Stops every run still going. */
    @Override
    public void close() {
        own.forEach(Session::close);
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
