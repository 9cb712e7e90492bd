package dev.tejun.server.auth;

import dev.tejun.kernel.permission.Policy;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/**
 * Roles on the WebSockets, by the permission {@link Policy}, message by message: {@code attach} needs viewer;
 * {@code execute}, {@code run-all} and {@code interrupt} need operator and every role the runbook's front matter
 * {@code requires}. Roles are read again for each message, and a user who is disabled, deleted or loses a role has
 * every open socket closed at once ({@link OpenSockets}).
 */
public final class SocketAccess {

    /** Told of each run a socket queued, to audit its start and end and index its evidence. */
    @FunctionalInterface
    public interface RunWatcher {
        void queued(Principal who, Session session, Session.RunHandle run, String address);
    }

    private final Access access;
    private final UserStore users;
    private final AuditLog audit;
    private final RunWatcher runs;
    private final OpenSockets open;

    public SocketAccess(Access access, UserStore users, AuditLog audit, RunWatcher runs, OpenSockets open) {
        this.access = access;
        this.users = users;
        this.audit = audit;
        this.runs = runs;
        this.open = open;
    }

    /** Registers an admitted socket of {@code who}, so it is closed when the user is disabled, deleted or demoted. */
    public AutoCloseable opened(Principal who, OpenSockets.Closer closer) {
        return open.opened(who.name(), closer);
    }

    /** Whether {@code who} may still read (their roles now, not at the handshake). */
    public boolean mayRead(Principal who) {
        return Policy.readRefusal(users.roleNames(who.name())) == null;
    }

    /** At the handshake: who, with at least viewer. Throws a 401/403 {@code ApiException} otherwise. */
    public Principal admit(Context ctx) {
        return access.admitSocket(ctx, Role.VIEWER);
    }

    /** Null when {@code who} may send a message of {@code type} on this runbook, else the reason (audited). */
    public String refusal(Principal who, String type, String runbook, List<String> requires, String address) {
        Set<String> roles = Role.wires(users.find(who.name()).map(User::roles).orElse(Set.of()));
        String why = type.equals("attach") ? Policy.readRefusal(roles) : Policy.runRefusal(roles, runbook, requires);
        if (why != null) {
            audit.append(who.name(), "ws", type, runbook, "refused", address, Json.object("reason", why));
        }
        return why;
    }

    public void interrupted(Principal who, String runbook, String runId, String address) {
        audit.append(who.name(), "ws", "interrupt", runbook, "ok", address, runId == null ? null
                : Json.object("runId", runId));
    }

    public void queued(Principal who, Session session, Session.RunHandle run, String address) {
        runs.queued(who, session, run, address);
    }

}
