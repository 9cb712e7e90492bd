package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellStatus;

/** The latest known state of one cell in a session, for clients that attach late. */
public record CellState(
        String cellId, CellStatus status, Integer exitCode, String runId, Long durationMillis, String message) {}
