package dev.tejun.server.auth;

import dev.tejun.server.audit.Via;
import java.util.Set;

/**
 * Who makes a request, as the server established it.
 *
 * @param via       the interface for the audit log: {@code web} (signed-in browser), {@code api} (token),
 *                  {@code cli} (token from the CLI client)
 * @param csrfToken the sign-in session's CSRF token; null for token callers, which a browser cannot forge
 */
public record Principal(String name, Set<Role> roles, Via via, String csrfToken) {

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean may(Role needed) {
        return needed.grantedBy(roles);
    }

    public boolean cookieBased() {
        return csrfToken != null;
    }
}
