package dev.tejun.kernel.session;

import java.util.Map;

/**
 * What a client needs to draw a session before it reads events: each cell's state, the run in progress
 * (null when idle) and the seq of the latest event.
 */
public record SessionSnapshot(
        String sessionId, String runbook, Map<String, CellState> cells, String activeRunId, long lastSeq) {}
