package dev.tejun.kernel.event;

import java.time.Instant;

/** A run ended; {@code evidence} is the run's evidence directory. */
public record RunFinished(long seq, Instant at, String runId, CellStatus status, String evidence) implements Event {
}
