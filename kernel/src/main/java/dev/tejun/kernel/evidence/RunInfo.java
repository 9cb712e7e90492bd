package dev.tejun.kernel.evidence;

import java.time.Instant;
import java.util.Map;

/**
 * What is known when a run starts.
 *
 * @param runbook   the runbook's path as the user knows it (relative to the runbooks folder where there is one)
 * @param text      the runbook's bytes as they were when the run started
 * @param params    parameter values, with secret ones already masked
 * @param user      who ran it (the OS user for the CLI)
 * @param via       the interface: web, api, cli, scheduler
 */
public record RunInfo(
        String runId,
        String runbook,
        byte[] text,
        GitInfo git,
        Map<String, String> params,
        String user,
        String via,
        Instant startedAt) {}
