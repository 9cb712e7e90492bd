package dev.tejun.server.schedules;

import dev.tejun.server.auth.Access;
import io.javalin.http.Context;

/** Who made a request, as sign-in found it. */
public final class Caller {

    private Caller() {
    }

    public static String name(Context ctx) {
        return Access.userName(ctx);
    }
}
