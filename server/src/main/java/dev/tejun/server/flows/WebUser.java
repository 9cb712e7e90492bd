package dev.tejun.server.flows;

import dev.tejun.kernel.flow.Actor;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;
import java.util.Optional;

/** Who makes a request, as sign-in found it, and the interface it came through (web, api, cli). */
final class WebUser {

    static final Via VIA = Via.WEB;

    private WebUser() {}

    static String of(Context ctx) {
        return Access.userName(ctx);
    }

    static Via via(Context ctx) {
        return Access.principal(ctx).map(Principal::via).orElse(VIA);
    }

    static Actor actor(Context ctx) {
        return new Actor(of(ctx), via(ctx).wire());
    }

    static Optional<Principal> principal(Context ctx) {
        return Access.principal(ctx);
    }
}
