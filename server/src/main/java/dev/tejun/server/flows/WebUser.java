package dev.tejun.server.flows;

import dev.tejun.server.auth.Access;
import io.javalin.http.Context;

/** Who makes a request, as sign-in found it. */
final class WebUser {

    static final String VIA = "web";

    private WebUser() {
    }

    static String of(Context ctx) {
        return Access.userName(ctx);
    }
}
