package dev.tejun.server.sso;

import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sso.oidc.*} settings, checked together: the role map's roles exist and the client secret file can be
 * read, so a mistake stops the start naming the key instead of failing the first person who signs in.
 *
 * @param secret null for a public client (PKCE alone)
 */
public record OidcSettings(
        URI issuer,
        String clientId,
        String secret,
        List<String> scopes,
        String userClaim,
        String groupsClaim,
        RoleMapping roles) {

    /** Null when no issuer is configured. */
    public static OidcSettings from(Settings s) throws ConfigError {
        if (s.text(Key.SSO_OIDC_ISSUER).isEmpty()) {
            return null;
        }
        RoleMapping roles;
        try {
            roles = RoleMapping.parse(s.words(Key.SSO_OIDC_ROLE_MAP), s.words(Key.SSO_OIDC_ALLOWED_GROUPS));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(s.where(Key.SSO_OIDC_ROLE_MAP) + ": sso.oidc.role-map: " + e.getMessage());
        }
        String secret = s.text(Key.SSO_OIDC_CLIENT_SECRET);
        Path file = s.path(Key.SSO_OIDC_CLIENT_SECRET_FILE);
        if (secret.isEmpty() && file != null) {
            try {
                secret =
                        Files.readAllLines(file).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new ConfigError(s.where(Key.SSO_OIDC_CLIENT_SECRET_FILE)
                        + ": sso.oidc.client-secret-file: cannot read " + file + ": " + e.getMessage());
            }
        }
        List<String> scopes = new ArrayList<>(s.words(Key.SSO_OIDC_SCOPES));
        if (!scopes.contains("openid")) {
            scopes.addFirst("openid");
        }
        return new OidcSettings(
                URI.create(s.text(Key.SSO_OIDC_ISSUER)),
                s.text(Key.SSO_OIDC_CLIENT_ID),
                secret.isEmpty() ? null : secret,
                List.copyOf(scopes),
                s.text(Key.SSO_OIDC_USER_CLAIM),
                s.text(Key.SSO_OIDC_GROUPS_CLAIM),
                roles);
    }
}
