package dev.tejun.kernel.event;

import java.time.Instant;

/** A cell ended. {@code exitCode} is null where there is no process exit code; {@code message} explains failures. */
public record CellFinished(
        long seq,
        Instant at,
        String runId,
        String cellId,
        CellStatus status,
        Integer exitCode,
        long durationMillis,
        String message)
        implements Event {}
