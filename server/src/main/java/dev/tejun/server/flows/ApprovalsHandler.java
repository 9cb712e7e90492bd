package dev.tejun.server.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.CellHoldPreviews;
import dev.tejun.kernel.flow.HoldPreview;
import dev.tejun.kernel.flow.pause.Approval;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/approvals}: the {@code pause} cells that wait (each with the role it asks for), and deciding them.
 * A decision is audited as {@code approval.approve} / {@code approval.reject} with the comment.
 */
public final class ApprovalsHandler {

    private final Approvals approvals;
    private final ObjectMapper json;
    private final ApproverCheck approvers;
    private final AuditLog audit;
    /** Null until the server previews hold points. */
    private volatile CellHoldPreviews previews;

    ApprovalsHandler(Approvals approvals, ObjectMapper json, ApproverCheck approvers, AuditLog audit) {
        this.approvals = approvals;
        this.json = json;
        this.approvers = approvers;
        this.audit = audit;
    }

    public void list(Context ctx) {
        ctx.json(approvals.pending());
    }

    /** Where the previews of what follows a waiting pause cell are kept (each made when its cell began waiting). */
    void previewWith(CellHoldPreviews previews) {
        this.previews = previews;
    }

    /**
     * {@code GET /api/approvals/{id}/preview}: what the rest of the runbook would do once the waiting cell is
     * approved, with its state ({@link HoldPreviewAnswer}); 404 once it no longer waits.
     */
    public void preview(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Approval waiting = approvals.get(id).orElseThrow(() -> ApiException.notFound("no pending approval " + id));
        CellHoldPreviews p = previews;
        HoldPreview kept = !waiting.preview()
                ? new HoldPreview(
                        HoldPreview.State.NONE,
                        "this pause cell asks for no preview (preview=true on the cell makes one as it starts waiting)",
                        null)
                : p == null
                        ? new HoldPreview(HoldPreview.State.NONE, "previews are off on this server", null)
                        : p.state(waiting.runId(), waiting.cellId())
                                .orElseGet(() -> new HoldPreview(
                                        HoldPreview.State.NONE,
                                        "this hold point is no cell of a run: nothing to preview",
                                        null));
        HoldPreviewAnswer.answer(ctx, json, kept);
    }

    public void approve(Context ctx) throws JsonProcessingException {
        decide(ctx, true);
    }

    public void reject(Context ctx) throws JsonProcessingException {
        decide(ctx, false);
    }

    static String target(Approval a) {
        return "approval:" + a.id() + " session:" + a.session() + " cell:" + a.cellId() + " run:" + a.runId();
    }

    private void decide(Context ctx, boolean approve) throws JsonProcessingException {
        String id = ctx.pathParam("id");
        String comment = ctx.body().isBlank()
                ? null
                : RequestBodies.read(ctx, json, FlowWire.Decide.class).comment();
        String action = approve ? "approval.approve" : "approval.reject";
        Approval waiting = approvals.get(id).orElseThrow(() -> ApiException.notFound("no pending approval " + id));
        approvers.require(
                ctx, waiting.approver(), waiting.approverNotStarter(), waiting.startedBy(), action, target(waiting));
        Approval decided;
        try {
            decided = approvals.decide(id, approve, WebUser.of(ctx), comment);
        } catch (Approvals.NotPending e) {
            throw ApiException.notFound(e.getMessage());
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("approver", decided.approver());
        if (comment != null) {
            detail.put("comment", comment);
        }
        audit.append(
                WebUser.of(ctx),
                WebUser.via(ctx),
                action,
                target(decided),
                "ok",
                ctx.ip(),
                json.writeValueAsString(detail));
        ctx.json(decided);
    }
}
