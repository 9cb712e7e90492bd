package dev.tejun.server.auth;

import java.util.Locale;

/**
 * Who may sign in with a password kept in Tejun ({@code sso.local-sign-in}) once single sign-on is the way in. Local
 * users stay for the first admin and for break-glass when the provider is down; an admin can narrow that down.
 */
public enum LocalSignIn {
    ON,
    /** only users holding admin: break-glass */
    ADMINS,
    OFF;

    public static LocalSignIn of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** Whether a local user with {@code roles} may sign in with a password. */
    boolean allows(java.util.Set<Role> roles) {
        return this == ON || this == ADMINS && roles.contains(Role.ADMIN);
    }
}
