package dev.tejun.server.runs;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.retry.RetryPlan;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.RunPolicy;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.runs.Runs.Started;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.runs.queue.QueuedRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The checks of a run started over REST (or a retry, a resume, a preview), before it is queued: the runbook exists
 * and is read once, the caller has the roles it requires, its maintenance windows are open, its params fit, and a
 * caller that would not wait is told at once when a lock it needs is busy. Nothing is queued on a refusal; what
 * passes waits in the run queue for a server with room.
 */
final class RunStarts {

    private final RunbookFolder folder;
    private final Session.Services services;
    private final RunPolicy policy;
    private final WindowGuard windows;
    /** Refuses params that no cell could run with (an unknown operation, an as-of in the future): a 400. */
    private final Consumer<Map<String, String>> paramsCheck;

    private final Dispatch queue;

    RunStarts(
            RunbookFolder folder,
            Session.Services services,
            RunPolicy policy,
            WindowGuard windows,
            Consumer<Map<String, String>> paramsCheck,
            Dispatch queue) {
        this.folder = folder;
        this.services = services;
        this.policy = policy;
        this.windows = windows;
        this.paramsCheck = paramsCheck;
        this.queue = queue;
    }

    /**
     * Goes on with run {@code runId} as {@code who}, checked as any start is, in a run of its own linked to the
     * original in evidence: a retry of its failed hosts (issue 23 §5: its failed cell on those hosts only, then the
     * cells after it; 400 when the run has no failed hosts or its runbook changed since), or with {@code resume} a
     * resume (issue 15: its first cell that failed or stopped, whole, then the cells after it; the cells before are
     * not run again and their recorded results stay available; 400 when no cell failed or stopped). 400 too when a
     * secret param is not given again.
     */
    Started goOn(Principal who, String runId, Map<String, String> params, String address, boolean resume)
            throws IOException {
        RetryPlan plan;
        try {
            Path root = services.evidence().root();
            plan = resume ? RetryPlan.resume(root, runId) : RetryPlan.of(root, runId);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("no run")
                    ? ApiException.notFound(e.getMessage())
                    : ApiException.badRequest(e.getMessage());
        }
        return start(who, plan.original().runbook(), params, address, plan, false, true);
    }

    /**
     * Checks and queues a run of {@code runbook} ({@link Runs#start}); with {@code retry}, one that goes on with an
     * earlier run; a {@code preview} runs nothing and answers the locks and windows the real run would meet.
     */
    Started start(
            Principal who,
            String runbook,
            Map<String, String> given,
            String address,
            RetryPlan retry,
            boolean preview,
            boolean wait)
            throws IOException {
        Map<String, String> params = given;
        if (runbook == null || runbook.isBlank()) {
            throw ApiException.badRequest("runbook is required");
        }
        if (new Target(runbook).isFlow()) {
            throw ApiException.badRequest(runbook + " is a flow: start it with POST /api/flows/<name>/start");
        }
        RunbookFolder.runbookName(runbook);
        Path file = folder.resolve(runbook);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("no runbook " + runbook);
        }
        // read once: the run runs this text and was checked against it, whatever becomes of the file meanwhile
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Runbook parsed = RunbookFormat.parse(text);
        String refused = policy.runRefusal(who, runbook, parsed.metadata().requires());
        if (refused != null) {
            throw new ApiException(403, refused);
        }
        if (!preview) {
            windows.requireOpen(who, runbook, address); // a preview runs nothing: approvers look during a freeze
        }
        List<String> cells = List.of();
        if (retry != null) {
            try {
                retry.requireSameRunbook(text.getBytes(StandardCharsets.UTF_8));
                cells = retry.cellsFrom(parsed);
                params = retry.params(given, parsed);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        try {
            Map<String, String> resolved = Params.resolve(parsed.metadata(), params);
            paramsCheck.accept(resolved);
            // the fast path of a run that would only be refused or queue: no session, no evidence, just the answer
            String busy = preview || wait ? null : services.guard().busy(runbook, parsed, resolved);
            if (busy != null) {
                throw new ApiException(409, busy);
            }
        } catch (Params.InvalidParams e) {
            throw ApiException.badRequest(e.getMessage());
        }
        QueuedRun run = new QueuedRun(
                services.evidence().newRunId(),
                runbook,
                params,
                cells,
                retry == null ? null : retry.link(),
                preview,
                who.name(),
                who.via(),
                who.via().wire(),
                address,
                text,
                parsed.metadata().requires());
        queue.submit(run);
        if (!preview) {
            return new Started(run.runId(), runbook, null, null);
        }
        List<WouldMeet.Lock> locks;
        try {
            locks = WouldMeet.locks(
                    services.guard().previewing(), runbook, parsed, Params.resolve(parsed.metadata(), params));
        } catch (Params.InvalidParams e) {
            locks = List.of(); // the preview run itself fails with the reason
        }
        return new Started(
                run.runId(),
                runbook,
                locks,
                windows.windows().wouldMeet(runbook, services.clock().instant()));
    }
}
