package dev.tejun.kernel.event;

import java.time.Instant;

/** A cell began; {@code code} is exactly what runs, after substitution. */
public record CellStarted(long seq, Instant at, String runId, String cellId, String language, String code)
        implements Event {}
