package dev.tejun.server.auth;

import dev.tejun.kernel.session.Session;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Roles on the session socket, message by message: {@code attach} needs viewer; {@code execute}, {@code run-all}
 * and {@code interrupt} need operator and every role the runbook's front matter {@code requires}. Roles are read
 * again for each message, so a user whose roles were taken away cannot go on over a socket opened before.
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

    public SocketAccess(Access access, UserStore users, AuditLog audit, RunWatcher runs) {
        this.access = access;
        this.users = users;
        this.audit = audit;
        this.runs = runs;
    }

    /** At the handshake: who, with at least viewer. Throws a 401/403 {@code ApiException} otherwise. */
    public Principal admit(Context ctx) {
        return access.admitSocket(ctx, Role.VIEWER);
    }

    /** Null when {@code who} may send a message of {@code type} on this runbook, else the reason (audited). */
    public String refusal(Principal who, String type, String runbook, List<String> requires, String address) {
        Set<Role> roles = users.find(who.name()).map(User::roles).orElse(Set.of());
        String why = null;
        if (type.equals("attach")) {
            why = Role.VIEWER.grantedBy(roles) ? null : "needs role viewer";
        } else {
            if (!Role.OPERATOR.grantedBy(roles)) {
                why = "needs role operator";
            } else {
                for (String r : requires) {
                    if (!holds(roles, r)) {
                        why = runbook + " requires role " + r;
                        break;
                    }
                }
            }
        }
        if (why != null) {
            audit.append(who.name(), "ws", type, runbook, "refused", address, Access.jsonString("reason", why));
        }
        return why;
    }

    /** A role name from front matter; one Tejun does not know (e.g. {@code dba}) only an admin holds. */
    public static boolean holds(Set<Role> roles, String name) {
        if (roles.contains(Role.ADMIN)) {
            return true;
        }
        try {
            return Role.holdable(name.toLowerCase(Locale.ROOT)).grantedBy(roles);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public void interrupted(Principal who, String runbook, String runId, String address) {
        audit.append(who.name(), "ws", "interrupt", runbook, "ok", address, runId == null ? null
                : Access.jsonString("runId", runId));
    }

    public void queued(Principal who, Session session, Session.RunHandle run, String address) {
        runs.queued(who, session, run, address);
    }

}
