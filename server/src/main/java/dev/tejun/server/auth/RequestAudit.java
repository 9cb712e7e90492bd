package dev.tejun.server.auth;

import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;

/**
 * After every API request that changes something: one audit entry with who, which route, the path and the
 * status, unless the handler (or a refusal) already wrote a more telling one.
 */
public final class RequestAudit {

    private final AuditLog audit;

    public RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    public void after(Context ctx) {
        String method = ctx.method().name();
        if (Access.audited(ctx) || !ctx.path().startsWith("/api/") || method.equals("GET") || method.equals("HEAD")
                || method.equals("OPTIONS")) {
            return;
        }
        Principal p = Access.principal(ctx).orElse(null);
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched == null ? ctx.path() : matched.path;
        int status = ctx.statusCode();
        audit.append(p == null ? null : p.name(), p == null ? Access.viaOf(ctx) : p.via(), method + " " + route,
                ctx.path(), status < 400 ? "ok" : String.valueOf(status), ctx.ip(), null);
    }
}
