package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.server.auth.Access;
import io.javalin.http.Context;

/** Who is asking, for the CMDB journal. */
public final class Actors {

    /** Header the CMDB grid sends so the journal can tell web edits from scripted API calls. */
    public static final String CLIENT_HEADER = "X-Tejun-Client";

    private Actors() {}

    public static Actor of(Context ctx) {
        return new Actor(Access.userName(ctx), channel(ctx));
    }

    static Channel channel(Context ctx) {
        return "web".equalsIgnoreCase(ctx.header(CLIENT_HEADER)) ? Channel.WEB : Channel.API;
    }
}
