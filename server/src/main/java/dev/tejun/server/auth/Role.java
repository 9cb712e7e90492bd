package dev.tejun.server.auth;

import dev.tejun.kernel.permission.Policy;
import io.javalin.security.RouteRole;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user may do. Every route in the route table names the role it needs (see {@code Routes}); a route
 * without one is a defect. {@link #PUBLIC} marks the few routes anybody may reach (health, the login page).
 *
 * <p>A user holds several roles; what each grants is decided by the one permission {@link Policy}.
 */
public enum Role implements RouteRole {
    PUBLIC,
    VIEWER,
    EDITOR,
    OPERATOR,
    APPROVER,
    /** May change locked CMDB values (a locked column or sheet); an editor may change only the others. */
    CMDB_APPROVER,
    ADMIN;

    /** True when somebody holding {@code held} may do what needs this role. */
    public boolean grantedBy(Collection<Role> held) {
        return this == PUBLIC || Policy.holds(wires(held), wire());
    }

    /** The lower-case names of {@code roles}, as {@link Policy} reads them. */
    public static Set<String> wires(Collection<Role> roles) {
        return roles.stream().map(Role::wire).collect(Collectors.toUnmodifiableSet());
    }

    /** The name in lower case, as users, front matter and the API write it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A role a user can hold (not PUBLIC), from its lower- or upper-case name. */
    public static Role holdable(String name) {
        Role r;
        try {
            r = valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "no role '" + name + "' (viewer, editor, operator, approver, cmdb-approver, admin)");
        }
        if (r == PUBLIC) {
            throw new IllegalArgumentException("public is not a role a user holds");
        }
        return r;
    }
}
