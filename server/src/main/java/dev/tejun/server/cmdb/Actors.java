package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Role;
import io.javalin.http.Context;

/** Who is asking, for the CMDB journal. */
public final class Actors {

    /** Header the CMDB grid sends so the journal can tell web edits from scripted API calls. */
    public static final String CLIENT_HEADER = "X-Tejun-Client";

    private Actors() {}

    /** The user, the interface, and whether they may change locked values (role {@code cmdb-approver}, or admin). */
    public static Actor of(Context ctx) {
        boolean approver = Access.principal(ctx)
                .map(p -> Role.CMDB_APPROVER.grantedBy(p.roles()))
                .orElse(false);
        return new Actor(Access.userName(ctx), channel(ctx), approver);
    }

    /** The same user importing a workbook: the journal says Excel. */
    public static Actor excel(Context ctx) {
        Actor web = of(ctx);
        return new Actor(web.user(), Channel.EXCEL, web.approver());
    }

    static Channel channel(Context ctx) {
        return "web".equalsIgnoreCase(ctx.header(CLIENT_HEADER)) ? Channel.WEB : Channel.API;
    }
}
