package dev.tejun.server.sso;

import dev.tejun.server.auth.User;
import dev.tejun.server.auth.UserStore;
import java.util.Collection;

/**
 * Lets in a user a directory vouched for: the groups decide the roles ({@link RoleMapping}), and the user is made on
 * the first sign-in and given the roles the directory says now on each later one, so a group taken away there counts
 * at the next sign-in.
 */
public final class ExternalSignIn {

    /** A sign-in that the directory's answer does not allow. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final UserStore users;

    public ExternalSignIn(UserStore users) {
        this.users = users;
    }

    /**
     * @param source {@code oidc} or {@code ldap}: a user of one source is never signed in by another
     */
    public User admit(String name, String source, Collection<String> groups, RoleMapping mapping) throws Refused {
        if (name == null || name.isBlank()) {
            throw new Refused("the directory named no user");
        }
        RoleMapping.Decision d = mapping.decide(groups);
        if (!d.allowed()) {
            throw new Refused(name + ": " + d.refusal());
        }
        try {
            return users.signedInElsewhere(name, source, d.roles());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }
}
