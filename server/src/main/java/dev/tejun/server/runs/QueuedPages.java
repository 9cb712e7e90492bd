package dev.tejun.server.runs;

import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.runs.queue.RunQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /api/runs/{id}/events} for a run of the queue that this server does not hold: one waiting for a server
 * (status {@code queued}) or cancelled there, and one another server executes whose evidence is not readable here:
 * a read of a living server's run is relayed to it first ({@code EvidenceRelay}) and a shared evidence folder is
 * read directly, so this answers for a dead server's run on separate disks: when it ended and how, without events.
 * {@code GET /api/runs/{id}} likewise, for a run of the queue whose {@code run.json} is not written yet.
 */
final class QueuedPages {

    private final Dispatch queue;
    private final RunRecords executions;
    private final RunEvidence evidence;

    QueuedPages(Dispatch queue, RunRecords executions, RunEvidence evidence) {
        this.queue = queue;
        this.executions = executions;
        this.evidence = evidence;
    }

    /**
     * The page for {@code runId} when the queue accounts for it and its evidence is not here; else empty, also when
     * this server started it during the wait (read it live).
     */
    Optional<RunPage> page(String runId, long since, Duration wait) throws InterruptedException {
        Optional<RunQueue.Held> found = queue.find(runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunQueue.Held run = found.get();
        String state = run.state();
        if (state.equals(RunQueue.CANCELLED)) {
            return Optional.of(new RunPage(runId, run.runbook(), List.of(), since, true, RunQueue.CANCELLED));
        }
        if (state.equals(RunQueue.QUEUED) || state.equals(RunQueue.CLAIMED)) {
            if (executions.live().await(runId, shortened(wait)).isPresent()) {
                return Optional.empty(); // this server started it meanwhile: read live
            }
            return Optional.of(new RunPage(runId, run.runbook(), List.of(), since, false, RunQueue.QUEUED));
        }
        if (evidence.has(runId)) {
            return Optional.empty(); // its evidence is here: read as any run's
        }
        if (queue.isMine(run.server())) {
            if (!state.equals(RunQueue.STARTED)) {
                return Optional.empty(); // ended here without evidence: the run index answers
            }
            // handed to its session a moment ago: live in a moment, and read so as soon as it is
            if (executions.live().await(runId, shortened(wait)).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(new RunPage(runId, run.runbook(), List.of(), since, false, null));
        }
        Optional<String> indexed = executions.indexedStatus(runId).filter(s -> !s.equals(RunIndex.RUNNING));
        if (indexed.isEmpty()) {
            nap(wait);
        }
        return Optional.of(new RunPage(
                runId,
                run.runbook(),
                List.of(),
                since,
                indexed.isPresent(),
                indexed.map(s -> s.toLowerCase(Locale.ROOT)).orElse(null)));
    }

    /**
     * What {@code run.json} will say, for a run of the queue that has none yet: {@code QUEUED} while it waits for a
     * place (claimed included), {@code RUNNING} once handed to a session a moment ago, {@code CANCELLED} (finished)
     * when stopped before it ran; empty for any other (a run the queue does not know, one that ended without
     * evidence here). Its params are left out: a secret one is masked only by the run's own {@code run.json}.
     */
    Optional<RunJson> runJson(String runId) {
        Optional<RunQueue.Row> found = evidence.has(runId) ? Optional.empty() : queue.row(runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunQueue.Row row = found.get();
        String status = switch (row.state()) {
            case RunQueue.QUEUED, RunQueue.CLAIMED -> "QUEUED";
            case RunQueue.STARTED -> RunIndex.RUNNING;
            case RunQueue.CANCELLED -> "CANCELLED";
            default -> null;
        };
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(new RunJson(
                runId,
                row.runbook(),
                null,
                null,
                false,
                null,
                row.user(),
                row.via(),
                row.startedMs() == null ? null : Instant.ofEpochMilli(row.startedMs()),
                row.finishedMs() == null ? null : Instant.ofEpochMilli(row.finishedMs()),
                status,
                null,
                null));
    }

    private static void nap(Duration wait) throws InterruptedException {
        if (!wait.isZero()) {
            Thread.sleep(shortened(wait).toMillis());
        }
    }

    /** A long poll of a run not live here is answered within a second, so its reader sees a change made elsewhere. */
    private static Duration shortened(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : wait;
    }
}
