package dev.tejun.kernel.flow.pause;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.format.RunbookFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a {@code pause} cell: announces the approval it waits for, then blocks. Approved → ok, rejected → failed
 * (so a run-through stops there), stopped → stopped, timeout → timed out. The approval is withdrawn on every way
 * out, so nobody can approve a cell that no longer waits.
 */
final class PauseExecutor implements Executor {

    static final String DEFAULT_ROLE = "approver";
    /** The attribute asking for a preview of the rest of the runbook while the cell waits. */
    public static final String PREVIEW = "preview";

    private final SessionContext session;
    private final Approvals approvals;

    PauseExecutor(SessionContext session, Approvals approvals) {
        this.session = session;
        this.approvals = approvals;
    }

    /** Whether the runbook's front matter says {@code approver-not-starter: true}; read as the file is now. */
    private static boolean fourEyes(Path runbook) {
        if (runbook == null) {
            return false;
        }
        try {
            return FlowDefinition.fourEyes(RunbookFormat.parse(Files.readString(runbook, StandardCharsets.UTF_8))
                    .metadata());
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: the stricter reading
        }
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        String message = request.code().strip();
        if (!approvals.isAttended()) {
            return CellOutcome.failed(null, "pause cell in an unattended run: nobody can approve it here");
        }
        String role = request.attributes().get("approver").orElse(DEFAULT_ROLE);
        Approval a = approvals.request(
                session.sessionId(),
                request.runId(),
                request.cellId(),
                message,
                role,
                request.user(),
                fourEyes(session.runbook()),
                request.attributes().flag(PREVIEW),
                session.runbook());
        try {
            output.stdout("waiting for approval " + a.id() + " (role " + role + ")"
                    + (message.isEmpty() ? "" : ": " + message) + "\n");
            Optional<Decision> decision = approvals.await(a.id(), request.timeout());
            if (decision.isEmpty()) {
                return CellOutcome.timedOut(request.timeout());
            }
            Decision d = decision.get();
            String said = d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment();
            if (d.approved()) {
                output.stdout("approved by " + d.user() + said + "\n");
                return CellOutcome.ok(null, "approved");
            }
            output.stdout("rejected by " + d.user() + said + "\n");
            return new CellOutcome(CellStatus.FAILED, null, "rejected", "rejected by " + d.user() + said);
        } catch (InterruptedException e) {
            return CellOutcome.stopped();
        } finally {
            approvals.withdraw(a.id());
        }
    }
}
