package dev.tejun.server.schedules;

import io.javalin.http.Context;

/**
 * Who made a request. Until sign-in exists everybody is {@code anonymous}; the sign-in work sets the request
 * attribute {@code tejun.user}, and this picks it up without further change here.
 */
public final class Caller {

    public static final String ATTRIBUTE = "tejun.user";

    private Caller() {
    }

    public static String name(Context ctx) {
        Object user = ctx.attribute(ATTRIBUTE);
        return user == null ? "anonymous" : user.toString();
    }
}
