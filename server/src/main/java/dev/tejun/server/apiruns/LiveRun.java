package dev.tejun.server.apiruns;

import dev.tejun.kernel.session.Session;

/** A run started over REST and still held in memory: its own session (with the event log) and its handle. */
record LiveRun(String runId, String runbook, String user, Session session, Session.RunHandle handle) {

    boolean finished() {
        return handle.finished().isDone();
    }
}
