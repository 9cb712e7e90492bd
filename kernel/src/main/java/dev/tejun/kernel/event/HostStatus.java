package dev.tejun.kernel.event;

import java.time.Instant;

/** Per-host progress of a cell that fans out over hosts ({@code ok}, {@code failed}, {@code unreachable}, …). */
public record HostStatus(long seq, Instant at, String runId, String cellId, String host, String status, String detail)
        implements Event {}
