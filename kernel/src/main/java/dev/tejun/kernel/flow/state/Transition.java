package dev.tejun.kernel.flow.state;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of an instance's history, appended and never changed: who started it, each node that started, paused,
 * ended or was interrupted, each approval and rejection with its comment, stops and resumes, and the end. The node
 * states say where an instance stands; the transitions say how it got there (a resumed node ran twice, say).
 *
 * @param seq       1, 2, … within the instance (0 before it is stored)
 * @param nodeId    the node concerned, null for the instance itself
 * @param nodeType  the node's type (runbook, pause, …), null for the instance
 * @param user      who did it: the user who acted, or for a node the engine started, the user it runs as
 * @param via       the interface the action came through (web, api, cli, ws, scheduler, …)
 * @param status    the instance's or node's status key after the transition
 * @param runId     for a runbook node, the run (and evidence folder) it started
 * @param comment   an approver's comment
 */
public record Transition(
        String instanceId,
        long seq,
        Instant at,
        String flow,
        Kind kind,
        String nodeId,
        String nodeType,
        String user,
        String via,
        String status,
        String runId,
        String comment,
        String message) {

    /** What happened. {@link #key()} is the form in JSON and the audit log ({@code node.started}). */
    public enum Kind {
        STARTED,
        NODE_STARTED,
        NODE_PAUSED,
        NODE_ENDED,
        NODE_INTERRUPTED,
        APPROVED,
        REJECTED,
        STOPPED,
        EMERGENCY_STOPPED,
        RESUMED,
        FINISHED;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '.').replace("emergency.", "emergency-");
        }
    }

    public Transition withSeq(long seq) {
        return new Transition(
                instanceId, seq, at, flow, kind, nodeId, nodeType, user, via, status, runId, comment, message);
    }
}
