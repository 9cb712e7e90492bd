/**
 * Runs started over REST ({@code POST /api/runs}), for the CLI against a server and for CI: each run gets a session of
 * its own, as the caller, with the same role checks, evidence and audit as a notebook run. Its events are read by
 * long-poll ({@code GET /api/runs/{id}/events?since=N}); a run that is no longer held in memory is replayed from its
 * evidence. See docs/protocol.md, "Runs over REST".
 */
package dev.tejun.server.apiruns;
