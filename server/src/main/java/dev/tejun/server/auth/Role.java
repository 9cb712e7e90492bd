package dev.tejun.server.auth;

import io.javalin.security.RouteRole;

import java.util.Collection;
import java.util.Locale;

/**
 * What a user may do. Every route in the route table names the role it needs (see {@code Routes}); a route
 * without one is a defect. {@link #PUBLIC} marks the few routes anybody may reach (health, the login page).
 *
 * <p>A user holds several roles. {@link #ADMIN} grants everything; any role grants {@link #VIEWER} (whoever may
 * change or run a runbook may read it); the others grant only themselves, so an editor cannot execute.
 */
public enum Role implements RouteRole {
    PUBLIC, VIEWER, EDITOR, OPERATOR, APPROVER, ADMIN;

    /** True when somebody holding {@code held} may do what needs this role. */
    public boolean grantedBy(Collection<Role> held) {
        if (this == PUBLIC || held.contains(ADMIN) || held.contains(this)) {
            return true;
        }
        return this == VIEWER && !held.isEmpty();
    }

    /** The name in lower case, as users, front matter and the API write it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role a user can hold (not PUBLIC), from its lower- or upper-case name. */
    public static Role holdable(String name) {
        Role r;
        try {
            r = valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no role '" + name + "' (viewer, editor, operator, approver, admin)");
        }
        if (r == PUBLIC) {
            throw new IllegalArgumentException("public is not a role a user holds");
        }
        return r;
    }
}
