package dev.tejun.server.auth;

import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After every API request that changes something: one audit entry with who, which route, the path and the
 * status, unless the handler (or a refusal) already wrote a more telling one.
 */
public final class RequestAudit {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAudit.class);

    /** A request attribute a handler sets to say more than the route (a JSON object): the entry's detail. */
    public static final String DETAIL = "tejun.audit.detail";

    private final AuditLog audit;

    public RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Writes the entry of a change that is about to be made (outcome ok) and marks the request audited; a handler
     * calls it before the change takes effect, so that when the entry cannot be written the change is not made.
     */
    public void recordChange(Context ctx) {
        try {
            append(ctx, "ok");
        } catch (RuntimeException e) {
            throw new ApiException(
                    503,
                    "the change was not made: its audit entry could not be written ("
                            + e.getClass().getSimpleName() + ")");
        } finally {
            Access.markAudited(ctx); // the entry was written, or the failed request cannot be audited either
        }
    }

    public void after(Context ctx) {
        String method = ctx.method().name();
        if (Access.audited(ctx)
                || !ctx.path().startsWith("/api/")
                || method.equals("GET")
                || method.equals("HEAD")
                || method.equals("OPTIONS")) {
            return;
        }
        int status = ctx.statusCode();
        try {
            append(ctx, status < 400 ? "ok" : String.valueOf(status));
        } catch (RuntimeException e) {
            // what the request did is done; a failed entry (a full disk) must not turn its answer into a 500
            LOG.warn("could not audit {} {}", ctx.method(), ctx.path(), e);
        }
    }

    private void append(Context ctx, String outcome) {
        Principal p = Access.principal(ctx).orElse(null);
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched == null ? ctx.path() : matched.path;
        audit.append(
                p == null ? null : p.name(),
                p == null ? Access.viaOf(ctx) : p.via(),
                ctx.method().name() + " " + route,
                ctx.path(),
                outcome,
                ctx.ip(),
                ctx.attribute(DETAIL));
    }
}
