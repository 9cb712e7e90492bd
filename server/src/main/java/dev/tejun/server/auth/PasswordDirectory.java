package dev.tejun.server.auth;

import java.util.Optional;

/**
 * A directory that checks a name and password Tejun does not keep (LDAP, Active Directory), asked by {@code POST
 * /api/login} for a name that is no local user, behind the same sign-in throttle.
 */
public interface PasswordDirectory {

    /** A sign-in the directory answered but does not allow (no allowed group, no role): refused, not retried. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** No directory: only local users sign in with a password. */
    PasswordDirectory NONE = (name, password) -> Optional.empty();

    /**
     * The user, made or brought up to date, when the directory knows the name and the password is right; empty for a
     * wrong name or password (and while the directory cannot be reached).
     */
    Optional<User> signIn(String name, String password) throws Refused;
}
