package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import io.javalin.http.Context;

/** Who is asking, for the CMDB journal. */
public final class Actors {

    /** Header the CMDB grid sends so the journal can tell web edits from scripted API calls. */
    public static final String CLIENT_HEADER = "X-Tejun-Client";

    private Actors() {
    }

    /** Until sign-in exists every request is {@code anonymous}; this is the one place to change that. */
    public static Actor of(Context ctx) {
        return new Actor("anonymous", channel(ctx));
    }

    static Channel channel(Context ctx) {
        return "web".equalsIgnoreCase(ctx.header(CLIENT_HEADER)) ? Channel.WEB : Channel.API;
    }
}
