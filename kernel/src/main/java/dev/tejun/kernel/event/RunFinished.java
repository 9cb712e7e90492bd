package dev.tejun.kernel.event;

import java.time.Instant;

/**
 * A run ended; {@code evidence} is the run's evidence directory (null when nothing ran), {@code message} says
 * why a run failed before any cell ran (bad params), else null.
 */
public record RunFinished(long seq, Instant at, String runId, CellStatus status, String evidence, String message)
        implements Event {}
