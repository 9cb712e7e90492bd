/**
 * Runs, whatever starts them: the one {@link dev.tejun.server.runs.Runs} service starts, tracks, follows, stops and
 * indexes every run of the server — a notebook's (the session socket asks it through
 * {@link dev.tejun.server.ws.RunControl}), one over REST ({@code POST /api/runs}, the CLI against a server), a
 * schedule's or an alert rule's ({@link dev.tejun.server.runs.HeadlessRuns}), a flow's runbook node — with the same
 * role checks ({@link dev.tejun.server.auth.RunPolicy}), audit entries and run-index rows
 * ({@link dev.tejun.server.runs.RunRecords}). Every {@code /api/runs} route is {@link dev.tejun.server.runs.RunsHandler}:
 * the index, start, follow (long-poll; live runs from their session's event log, older ones replayed from their
 * evidence), stop, and a run's evidence files, confined to the evidence folder ({@link dev.tejun.server.runs.RunEvidence}).
 * {@link dev.tejun.server.runs.CliRunRecord} records a local {@code tejun run} in the same audit log and index.
 */
package dev.tejun.server.runs;
