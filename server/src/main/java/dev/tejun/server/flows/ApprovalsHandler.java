package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.pause.Approvals;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;

/** {@code /api/approvals}: the {@code pause} cells that wait, and deciding them. */
public final class ApprovalsHandler {

    private final Approvals approvals;
    private final ObjectMapper json;

    ApprovalsHandler(Approvals approvals, ObjectMapper json) {
        this.approvals = approvals;
        this.json = json;
    }

    public void list(Context ctx) {
        ctx.json(approvals.pending());
    }

    public void approve(Context ctx) {
        decide(ctx, true);
    }

    public void reject(Context ctx) {
        decide(ctx, false);
    }

    private void decide(Context ctx, boolean approve) {
        String id = ctx.pathParam("id");
        String comment = ctx.body().isBlank() ? null : RequestBodies.read(ctx, json, FlowWire.Decide.class).comment();
        try {
            ctx.json(approvals.decide(id, approve, WebUser.of(ctx), comment));
        } catch (Approvals.NotPending e) {
            throw ApiException.notFound(e.getMessage());
        }
    }
}
