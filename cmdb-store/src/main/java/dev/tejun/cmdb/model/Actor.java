package dev.tejun.cmdb.model;

import java.util.Objects;

/**
 * Who makes a change and through which interface; every mutating call takes one so the journal can say.
 *
 * @param user     the authenticated user name
 * @param channel  the interface used
 * @param approver whether the user may change locked values ({@link ColumnDef#locked}, {@link SheetDef#locked}):
 *                 the server's {@code cmdb-approver} role. Nobody else may, whatever the interface
 */
public record Actor(String user, Channel channel, boolean approver) {

    /** Somebody who may not change locked values. */
    public Actor(String user, Channel channel) {
        this(user, channel, false);
    }

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
    }

    public static final Actor SYSTEM = new Actor("system", Channel.SYSTEM);
}
