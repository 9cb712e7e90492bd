package dev.tejun.kernel.event;

import java.time.Instant;
import java.util.List;

/** A run (one cell, or several top-down) began. {@code cellIds} are the cells it will try, in order. */
public record RunStarted(long seq, Instant at, String runId, String runbook, List<String> cellIds, String user)
        implements Event {}
