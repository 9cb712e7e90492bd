package dev.tejun.kernel.flow.state;

import dev.tejun.kernel.flow.def.Outcome;
import java.time.Instant;

/**
 * One node of one flow instance, as stored and as shown.
 *
 * @param passes    what the node hands to the nodes after it once settled (a skipped node passes on the failure
 *                  that made it skip, so a merge or end further on still sees it); null while not settled
 * @param chosen    for a branch, the next node it chose
 * @param runId     for a runbook node, the run id of its (latest) run; its evidence is in {@code evidence}
 * @param child     for a call node, the instance id of the called flow
 * @param actor     who started the node's run, or who approved or rejected a pause
 * @param deadline  for a paused node with a timeout, when the timeout applies
 */
public record NodeState(
        String nodeId,
        String type,
        NodeStatus status,
        Outcome passes,
        String chosen,
        String runId,
        String evidence,
        String child,
        String actor,
        String comment,
        String message,
        Instant startedAt,
        Instant endedAt,
        Instant deadline) {

    public static NodeState pending(String nodeId, String type) {
        return new NodeState(
                nodeId, type, NodeStatus.PENDING, null, null, null, null, null, null, null, null, null, null, null);
    }

    public NodeState started(NodeStatus status, String actor, Instant at) {
        return new NodeState(
                nodeId, type, status, null, null, runId, evidence, child, actor, null, null, at, null, null);
    }

    public NodeState settled(NodeStatus status, Outcome passes, String message, Instant at) {
        return new NodeState(
                nodeId,
                type,
                status,
                passes,
                chosen,
                runId,
                evidence,
                child,
                actor,
                comment,
                message,
                startedAt == null ? at : startedAt,
                at,
                null);
    }

    public NodeState withStatus(NodeStatus status, String message) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }

    public NodeState withRun(String runId, String evidence) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }

    public NodeState withChild(String child) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }

    public NodeState withChosen(String chosen) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }

    public NodeState withDecision(String actor, String comment) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }

    public NodeState withDeadline(Instant deadline) {
        return new NodeState(
                nodeId, type, status, passes, chosen, runId, evidence, child, actor, comment, message, startedAt,
                endedAt, deadline);
    }
}
