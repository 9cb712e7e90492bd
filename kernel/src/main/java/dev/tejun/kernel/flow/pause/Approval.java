package dev.tejun.kernel.flow.pause;

import java.time.Instant;

/**
 * A {@code pause} cell waiting for a decision.
 *
 * @param session   the session the cell runs in (a notebook session is named after its runbook; a runbook node
 *                  of a flow runs in {@code flow-INSTANCE-NODE})
 * @param approver  the role the cell asks for ({@code approver=} attribute), {@code approver} when not given
 * @param startedBy the user who started the run the cell belongs to; null when unknown
 * @param approverNotStarter four eyes: the runbook's front matter (or the cell) says
 *                  {@code approver-not-starter: true}, so {@code startedBy} may not decide it
 * @param preview   the cell asks for a preview of what the rest of its runbook would do ({@code preview=true}): only
 *                  then is a preview run made when it starts waiting
 */
public record Approval(
        String id,
        String session,
        String runId,
        String cellId,
        String message,
        String approver,
        Instant requestedAt,
        String startedBy,
        boolean approverNotStarter,
        boolean preview) {}
