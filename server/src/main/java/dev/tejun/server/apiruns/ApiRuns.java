package dev.tejun.server.apiruns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.session.EventLog;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.SocketAccess;
import dev.tejun.server.evidence.ExecutionRecorder;
import dev.tejun.server.runbooks.RunbookEditor;
import dev.tejun.server.runs.RunEvidence;
import dev.tejun.server.ws.MessageCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts runbook runs for REST callers, each in a fresh session of its own (never an operator's notebook session),
 * keeps the newest ones in memory for their events, and stops them on request. Older runs are read back from their
 * evidence by {@link EvidenceReplay}.
 */
public final class ApiRuns implements AutoCloseable {

    /** Finished runs kept in memory (with their event logs) before only their evidence answers. */
    static final int KEEP_FINISHED = 50;
    /** Events per answer; the client asks again for more. */
    static final int PAGE = 1000;

    /** The answer to a start. */
    public record Started(String runId, String runbook) {
    }

    private final RunbookFolder folder;
    private final Session.Services services;
    private final ExecutionRecorder executions;
    private final EvidenceReplay replay;
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> finishedOrder = new ConcurrentLinkedDeque<>();
    // Closing a session interrupts its worker; the run's own completion runs on that worker, so closing happens here.
    private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();

    public ApiRuns(RunbookFolder folder, Session.Services services, ExecutionRecorder executions, ObjectMapper json) {
        this.folder = folder;
        this.services = services;
        this.executions = executions;
        this.replay = new EvidenceReplay(new RunEvidence(services.evidence().root()), json);
    }

    /**
     * Checks and queues a run of {@code runbook} as {@code who}: 404 for no such runbook, 403 when its
     * {@code requires:} names a role {@code who} lacks, 400 for params that do not fit. Nothing runs on a refusal.
     */
    public Started start(Principal who, String runbook, Map<String, String> params, String address) throws IOException {
        if (runbook == null || runbook.isBlank()) {
            throw ApiException.badRequest("runbook is required");
        }
        if (new Target(runbook).isFlow()) {
            throw ApiException.badRequest(runbook + " is a flow: start it with POST /api/flows/<name>/start");
        }
        RunbookEditor.checkName(runbook);
        Path file = folder.resolve(runbook);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("no runbook " + runbook);
        }
        Runbook parsed = RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8));
        for (String role : parsed.metadata().requires()) {
            if (!SocketAccess.holds(who.roles(), role)) {
                throw new ApiException(403, runbook + " requires role " + role);
            }
        }
        try {
            Params.resolve(parsed.metadata(), params);
        } catch (Params.InvalidParams e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String sessionId = "api-" + UUID.randomUUID();
        Path work = Files.createDirectories(services.dataDir().resolve("work").resolve(sessionId));
        Session session = new Session(sessionId, new RunbookFile(runbook, file), params, work, services);
        Session.RunHandle handle = session.run(List.of(), who.name(), who.via());
        LiveRun run = new LiveRun(handle.runId(), runbook, who.name(), session, handle);
        live.put(run.runId(), run);
        executions.track(who.name(), who.via(), runbook, handle, address);
        handle.finished().whenCompleteAsync((done, e) -> retire(run), closer);
        return new Started(run.runId(), runbook);
    }

    /**
     * The run's events after {@code since}, waiting up to {@code wait} for one when there are none yet and the run
     * goes on. Throws a 404 {@code ApiException} for an unknown run.
     */
    public RunPage events(String runId, long since, Duration wait) throws IOException, InterruptedException {
        LiveRun run = live.get(runId);
        if (run == null) {
            RunPage page = replay.page(runId, since);
            if (!page.finished() && !wait.isZero()) {
                // running elsewhere (a notebook, a schedule): its output is shown once it ended; wait a little
                Thread.sleep(Math.min(wait.toMillis(), 1000));
            }
            return page;
        }
        EventLog log = run.session().events();
        if (!run.finished()) {
            log.awaitAfter(since, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        boolean ended = run.finished();
        EventLog.Batch batch = log.since(since, PAGE);
        boolean finished = ended && batch.lastSeq() >= log.lastSeq();
        String status = null;
        if (finished) {
            RunFinished last = run.handle().finished().getNow(null);
            status = last == null ? null : last.status().name().toLowerCase(Locale.ROOT);
        }
        return new RunPage(runId, run.runbook(), batch.events().stream().map(MessageCodec::wire).toList(),
                batch.lastSeq(), finished, status);
    }

    /** Stops a running run (its processes are killed); 404 when it is not a run of this server's, 409 when it ended. */
    public void stop(String runId) {
        LiveRun run = live.get(runId);
        if (run == null) {
            throw ApiException.notFound("no run " + runId + " started through the API is held by this server");
        }
        if (run.finished()) {
            throw new ApiException(409, "run " + runId + " has already ended");
        }
        run.session().interrupt();
    }

    private void retire(LiveRun run) {
        run.session().close();
        finishedOrder.addLast(run.runId());
        while (finishedOrder.size() > KEEP_FINISHED) {
            String old = finishedOrder.pollFirst();
            if (old != null) {
                live.remove(old);
            }
        }
    }

    /** Stops every run still going; the server calls it when it stops. */
    @Override
    public void close() {
        live.values().forEach(r -> r.session().close());
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
