package dev.tejun.cmdb.model;

import java.util.Objects;

/**
 * Who makes a change and through which interface; every mutating call takes one so the journal can say.
 *
 * @param user    the authenticated user name
 * @param channel the interface used
 */
public record Actor(String user, Channel channel) {

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
    }

    public static final Actor SYSTEM = new Actor("system", Channel.SYSTEM);
}
