package dev.tejun.server.runs;

import dev.tejun.server.ws.WireEvent;
import java.util.List;

/**
 * One answer of {@code GET /api/runs/{id}/events}: the events after the asked seq, the seq to ask after next, and
 * whether the run has ended (then {@code status} is its final status, lower case).
 */
public record RunPage(
        String runId, String runbook, List<WireEvent> events, long lastSeq, boolean finished, String status) {}
