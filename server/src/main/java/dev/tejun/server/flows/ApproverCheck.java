package dev.tejun.server.flows;

import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.RunPolicy;
import io.javalin.http.Context;

/**
 * Deciding a pause ({@code approver: operator} on a flow node, {@code approver=operator} on a cell): the run
 * {@link RunPolicy} decides whether the caller may (approver and the named role; with {@code approver-not-starter:
 * true} not the one who started the run). A refusal is audited and leaves the pause waiting.
 */
final class ApproverCheck {

    private final AuditLog audit;
    private final RunPolicy policy;

    ApproverCheck(AuditLog audit, RunPolicy policy) {
        this.audit = audit;
        this.policy = policy;
    }

    /**
     * Answers 403 unless the caller may decide a pause that names {@code role}, started by {@code starter}, with four
     * eyes when {@code approverNotStarter}; {@code action} and {@code target} name the refusal.
     */
    void require(Context ctx, String role, boolean approverNotStarter, String starter, String action, String target) {
        Principal p = WebUser.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        String why = policy.approveRefusal(p, role, approverNotStarter, starter);
        if (why == null) {
            return;
        }
        Access.markAudited(ctx);
        audit.append(p.name(), p.via(), action, target, "refused", ctx.ip(), Json.object("reason", why));
        throw new ApiException(403, why);
    }
}
