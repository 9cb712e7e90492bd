package dev.tejun.kernel.schedule;

import dev.tejun.kernel.event.RunFinished;
import java.util.Locale;

/**
 * How a headless run ended.
 *
 * @param status   {@code ok}, {@code warning}, {@code failed} or {@code stopped}
 * @param runId    the evidence run id (or flow instance id); null when the run could not start
 * @param evidence the evidence folder; null when none was written
 * @param message  why it did not succeed; null when it did
 */
public record RunResult(String status, String runId, String evidence, String message) {

    public boolean ok() {
        return status.equals("ok") || status.equals("warning");
    }

    /** How run {@code runId} ended, from its last event. */
    public static RunResult of(String runId, RunFinished finished) {
        return new RunResult(
                finished.status().name().toLowerCase(Locale.ROOT), runId, finished.evidence(), finished.message());
    }

    public static RunResult notStarted(String message) {
        return new RunResult("failed", null, null, message);
    }
}
