package dev.tejun.server.schedules;

import dev.tejun.server.ApiException;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;

/**
 * The activate and deactivate routes of schedules and alert rules ({@code POST …/<id>/activate}): the caller, the
 * id from the path and the address go to the service, whose {@link Activations} audit the change, so the generic
 * request entry (which would only repeat it) is skipped.
 */
public final class ActivationRoute {

    /** Activates or deactivates {@code id} as {@code who}, answering the subject's new state. */
    @FunctionalInterface
    public interface Change {
        Object apply(String id, Principal who, String address);
    }

    private ActivationRoute() {}

    public static void handle(Context ctx, Change change) {
        Access.markAudited(ctx);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        ctx.json(change.apply(ctx.pathParam("id"), who, ctx.ip()));
    }
}
