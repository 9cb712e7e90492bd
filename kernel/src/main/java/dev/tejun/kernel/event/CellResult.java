package dev.tejun.kernel.event;

import java.time.Instant;

/** A structured result of a cell: a value ({@code text/plain}), a table ({@code application/vnd.tejun.table+json}) or JSON. */
public record CellResult(long seq, Instant at, String runId, String cellId, String mime, String data)
        implements Event {}
