/**
 * Runs over REST: starting a runbook run ({@code POST /api/runs}, for the CLI against a server and for CI), each in a
 * session of its own, as the caller, with the same role checks, evidence and audit as a notebook run; and reading
 * ({@code GET /api/runs/{id}/events?since=N}, long-poll) and stopping any run of the server by id, whoever started
 * it: live ones from their session's event log, older ones replayed from their evidence. See docs/protocol.md,
 * "Runs over REST".
 */
package dev.tejun.server.apiruns;
