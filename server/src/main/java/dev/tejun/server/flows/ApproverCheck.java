package dev.tejun.server.flows;

import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.Role;
import io.javalin.http.Context;

/**
 * The role a pause names ({@code approver: operator} on a flow node, {@code approver=operator} on a cell): the route
 * table has already required the approver role; this requires the named one as well. A refusal is audited and
 * leaves the pause waiting.
 */
final class ApproverCheck {

    private final AuditLog audit;

    ApproverCheck(AuditLog audit) {
        this.audit = audit;
    }

    /** Whether {@code p} holds {@code role}; admin holds every role. */
    static boolean holds(Principal p, String role) {
        return p.roles().contains(Role.ADMIN) || p.roles().stream().anyMatch(r -> r.wire().equals(role));
    }

    /** Answers 403 unless the caller holds {@code role}; {@code action} and {@code target} name the refusal. */
    void require(Context ctx, String role, String action, String target) {
        Principal p = WebUser.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        if (holds(p, role)) {
            return;
        }
        String why = "this pause needs role " + role;
        Access.markAudited(ctx);
        audit.append(p.name(), p.via(), action, target, "refused", ctx.ip(), Access.jsonString("reason", why));
        throw new ApiException(403, why);
    }
}
