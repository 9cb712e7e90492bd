package dev.tejun.server.auth;

import dev.tejun.kernel.permission.Policy;
import io.javalin.http.Context;

/**
 * Sign-in on the WebSockets: the handshake needs a signed-in viewer, and a user who is disabled, deleted or loses a
 * role has every open socket closed at once ({@link OpenSockets}). What each message may do is the run policy's
 * ({@code dev.tejun.server.runs.RunPolicy}), asked by the runs service message by message.
 */
public final class SocketAccess implements AutoCloseable {

    private final Access access;
    private final UserStore users;
    private final OpenSockets open;
    /** Changes made through other servers on a shared database; nothing to watch on SQLite. */
    private final AutoCloseable elsewhere;

    public SocketAccess(Access access, UserStore users, OpenSockets open) {
        this.access = access;
        this.users = users;
        this.open = open;
        this.elsewhere = UserChanges.watch(users, open);
    }

    /** Registers an admitted socket of {@code who}, so it is closed when the user is disabled, deleted or demoted. */
    public AutoCloseable opened(Principal who, OpenSockets.Closer closer) {
        AutoCloseable handle = open.opened(who.name(), who.roles(), closer);
        // the user as they are now: a delete, disable or demotion between the handshake and this registration (a
        // session takes a moment to open) found no socket to close, so it is checked here once more
        open.recheck(who.name(), users.find(who.name()).map(User::roles).orElse(null));
        return handle;
    }

    /** Whether {@code who} may still read (their roles now, not at the handshake). */
    public boolean mayRead(Principal who) {
        return Policy.readRefusal(users.roleNames(who.name())) == null;
    }

    /** At the handshake: who, with at least viewer. Throws a 401/403 {@code ApiException} otherwise. */
    public Principal admit(Context ctx) {
        return access.admitSocket(ctx, Role.VIEWER);
    }

    /** Stops watching other servers' user changes. */
    @Override
    public void close() {
        try {
            elsewhere.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
