package dev.tejun.server.sso;

import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.AuthHandler;
import dev.tejun.server.auth.PasswordDirectory;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.time.Clock;

/**
 * Single sign-on as {@code sso.*} configures it: the LDAP directory that checks passwords and the OpenID sign-in
 * handler. A setting that is wrong stops the server's start with its message.
 */
public final class SsoFeature {

    private SsoFeature() {}

    /**
     * The LDAP directory {@code sso.ldap.*} configures, or {@link PasswordDirectory#NONE}.
     *
     * @throws IllegalArgumentException a wrong {@code sso.ldap.*} setting
     */
    public static PasswordDirectory directory(Settings settings, UserStore users) {
        try {
            LdapDirectory ldap = LdapDirectory.from(settings, new ExternalSignIn(users));
            return ldap == null ? PasswordDirectory.NONE : ldap;
        } catch (ConfigError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * OpenID sign-in as {@code sso.oidc.*} configures it; a provider that does not answer now is tried again on use.
     *
     * @throws IllegalArgumentException a wrong {@code sso.oidc.*} setting
     */
    public static OidcHandler oidc(Settings settings, Clock clock, UserStore users, AuthHandler auth, AuditLog audit) {
        OidcSettings oidc;
        try {
            oidc = OidcSettings.from(settings);
        } catch (ConfigError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        OidcProvider provider = oidc == null ? null : new OidcProvider(oidc, clock);
        if (provider != null) {
            provider.discover();
        }
        return new OidcHandler(
                provider,
                new ExternalSignIn(users),
                auth,
                audit,
                settings.publicUrl(),
                clock,
                settings.text(Key.SSO_LOCAL_SIGN_IN));
    }
}
