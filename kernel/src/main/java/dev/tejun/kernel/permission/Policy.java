package dev.tejun.kernel.permission;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Who may do what, from the role names a user holds ({@code viewer}, {@code editor}, {@code operator},
 * {@code approver}, {@code admin}). Pure: callers find the roles (a signed-in user's, the user a schedule runs as)
 * and audit the refusal; this class only decides, and says why in words fit for an error message.
 *
 * <ul>
 *   <li>{@code admin} holds every role, also ones Tejun does not know (a front matter's {@code dba});</li>
 *   <li>any role at all grants {@code viewer} (whoever may change or run a runbook may read it);</li>
 *   <li>every other role grants only itself, so an editor cannot execute.</li>
 * </ul>
 */
public final class Policy {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";

    private Policy() {}

    /** Whether somebody holding {@code held} (role names) holds {@code role}. */
    public static boolean holds(Collection<String> held, String role) {
        String r = role.strip().toLowerCase(Locale.ROOT);
        if (held.contains(ADMIN) || held.contains(r)) {
            return true;
        }
        return r.equals(VIEWER) && !held.isEmpty();
    }

    /** Null when {@code held} may read; else why not. */
    public static String readRefusal(Collection<String> held) {
        return holds(held, VIEWER) ? null : "needs role viewer";
    }

    /**
     * Null when {@code held} may run (or stop) {@code what}, whose front matter {@code requires:} these roles; else
     * why not. Running needs operator and every listed role (all of them, not any).
     */
    public static String runRefusal(Collection<String> held, String what, List<String> requires) {
        if (!holds(held, OPERATOR)) {
            return "needs role operator";
        }
        for (String r : requires) {
            if (!holds(held, r)) {
                return what + " requires role " + r;
            }
        }
        return null;
    }

    /**
     * Null when {@code held} may decide a pause that names {@code approverRole} ({@code approver} when it names
     * none); else why not. Deciding needs approver and the named role.
     */
    public static String approveRefusal(Collection<String> held, String approverRole) {
        if (!holds(held, APPROVER)) {
            return "needs role approver";
        }
        String named = approverRole == null || approverRole.isBlank() ? APPROVER : approverRole;
        return holds(held, named) ? null : "this pause needs role " + named;
    }

    /**
     * Null unless four eyes are asked for ({@code approver-not-starter: true}) and the approver is the starter;
     * then why not.
     */
    public static String fourEyesRefusal(boolean approverNotStarter, String starter, String approver) {
        if (approverNotStarter && starter != null && starter.equals(approver)) {
            return "four eyes: " + approver + " started this run and may not approve it (approver-not-starter)";
        }
        return null;
    }
}
