package dev.tejun.kernel.event;

import java.time.Instant;

/**
 * A chunk of a cell's output, decoded as UTF-8 with invalid bytes replaced (evidence keeps the raw bytes).
 * {@code host} is null for cells that do not fan out over hosts.
 */
public record CellOutput(long seq, Instant at, String runId, String cellId, Stream stream, String host, String text)
        implements Event {}
