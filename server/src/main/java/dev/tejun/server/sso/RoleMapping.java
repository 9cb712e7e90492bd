package dev.tejun.server.sso;

import dev.tejun.server.auth.Role;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Tejun roles a directory's groups give ({@code GROUP=ROLE} items), and which groups may sign in at all. A user
 * whose groups give no role is refused too: a sign-in that could do nothing would only make an empty account.
 */
public record RoleMapping(Map<String, Set<Role>> byGroup, Set<String> allowed) {

    /** The roles a sign-in gets, or why it gets none. */
    public record Decision(Set<Role> roles, String refusal) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    public RoleMapping {
        byGroup = Map.copyOf(byGroup);
        allowed = Set.copyOf(allowed);
    }

    /**
     * @param items   {@code GROUP=ROLE} words ({@code ops-admins=admin}); a group may appear in several
     * @param allowed groups whose members may sign in; empty: any group that gives a role
     * @throws IllegalArgumentException naming a malformed item or an unknown role
     */
    public static RoleMapping parse(List<String> items, Collection<String> allowed) {
        Map<String, Set<Role>> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.lastIndexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException("'" + item + "' is not GROUP=ROLE");
            }
            out.computeIfAbsent(item.substring(0, eq).strip(), g -> EnumSet.noneOf(Role.class))
                    .add(Role.holdable(item.substring(eq + 1)));
        }
        return new RoleMapping(out, Set.copyOf(allowed));
    }

    public Decision decide(Collection<String> groups) {
        if (!allowed.isEmpty() && groups.stream().noneMatch(allowed::contains)) {
            return new Decision(Set.of(), "not a member of a group allowed to sign in");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String g : groups) {
            roles.addAll(byGroup.getOrDefault(g, Set.of()));
        }
        return roles.isEmpty()
                ? new Decision(Set.of(), "no group of the user gives a Tejun role")
                : new Decision(Set.copyOf(roles), null);
    }
}
