package dev.tejun.kernel.exec.hold;

import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.flow.pause.Approval;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.flow.pause.Decision;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hold point of {@code approve-after-first-batch=true} on ssh and dialog cells: after the canary batch the cell
 * asks for an approval, as a {@code pause} cell does (same approvals, same {@code approver} role unless the cell names
 * another), with the canary's results as the message, and goes on only when it is given.
 */
public final class HoldPoint {

    /** How the wait ended: {@code ending} stopped or timed_out, {@code refusal} why not to go on, or both null. */
    public record Answer(String ending, String refusal) {}

    private final Approvals approvals;
    private final String sessionId;
    private final Path runbook;

    /** {@code approvals} null: nobody can approve here; {@code runbook} the session's file, or null. */
    public HoldPoint(Approvals approvals, String sessionId, Path runbook) {
        this.approvals = approvals;
        this.sessionId = sessionId;
        this.runbook = runbook;
    }

    public boolean available() {
        return approvals != null && approvals.isAttended();
    }

    public Answer await(CellRequest request, String message, Output output) {
        String role = request.attributes().get("approver").orElse("approver");
        Approval a = approvals.request(
                sessionId, request.runId(), request.cellId(), message, role, request.user(), false, false, runbook);
        try {
            output.stdout("waiting for approval " + a.id() + " (role " + role + "): " + message + "\n");
            Optional<Decision> decision = approvals.await(a.id(), null);
            if (decision.isEmpty()) {
                return new Answer("timed_out", null);
            }
            Decision d = decision.get();
            String said = d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment();
            if (d.approved()) {
                output.stdout("approved by " + d.user() + said + "\n");
                return new Answer(null, null);
            }
            output.stdout("rejected by " + d.user() + said + "\n");
            return new Answer(null, "rollout rejected after the first batch by " + d.user() + said);
        } catch (InterruptedException e) {
            return new Answer("stopped", null);
        } finally {
            approvals.withdraw(a.id());
        }
    }
}
