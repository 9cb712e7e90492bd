package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local users beside single sign-on: they sign in unless {@code sso.local-sign-in} says otherwise, also while the
 * provider cannot be reached (break-glass); a client secret is never taken from the config file.
 */
class LocalSignInTest {

    @TempDir
    Path temp;

    private TestServer server(String yaml) throws Exception {
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        return new TestServer(temp, c -> c.with(s));
    }

    private static HttpResponse<String> login(TestServer t, String name) throws Exception {
        return t.send(
                "POST",
                "/api/login",
                "{\"name\":\"" + name + "\",\"password\":\"" + TestServer.password(name) + "\"}",
                Map.of());
    }

    @Test
    void login_localSignInOff_refusedWithTheRightPassword() throws Exception {
        try (TestServer t = server("sso.local-sign-in: off\n")) {
            t.userWith("ann", Role.ADMIN);
            HttpResponse<String> r = login(t, "ann");
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("single sign-on"), r.body());
        }
    }

    @Test
    void login_localSignInAdmins_onlyAdminsSignIn() throws Exception {
        try (TestServer t = server("sso.local-sign-in: admins\n")) {
            t.userWith("ann", Role.ADMIN);
            t.userWith("ben", Role.OPERATOR);
            assertEquals(200, login(t, "ann").statusCode());
            HttpResponse<String> r = login(t, "ben");
            assertEquals(401, r.statusCode(), r.body()); // as a wrong password: no hint that it was right
        }
    }

    @Test
    void start_issuerUnreachable_serverStartsAndSaysWhy_localAdminSignsIn() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        try (TestServer t = server("sso.oidc.issuer: http://127.0.0.1:" + closed + "\nsso.oidc.client-id: tejun\n"
                + "sso.oidc.role-map: [ops=operator]\n")) {
            t.userWith("ann", Role.ADMIN);
            HttpResponse<String> r = t.send("GET", "/api/sso/oidc/start", null, Map.of());
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("sso.oidc.issuer http://127.0.0.1:" + closed), r.body());
            assertEquals(200, login(t, "ann").statusCode());
        }
    }

    @Test
    void settings_clientSecretInTheFile_refusedNamingTheLine() throws Exception {
        ConfigError e = assertThrows(
                ConfigError.class,
                () -> Settings.of(
                        ConfigFile.parse("tejun.yaml", "sso:\n  oidc:\n    client-secret: s3cret\n"),
                        Map.of(),
                        Map.of()));
        assertTrue(
                e.getMessage().startsWith("tejun.yaml:3: sso.oidc.client-secret: a secret is not written"),
                e.getMessage());
        // from the environment it is taken
        assertEquals(
                "s3cret",
                assertDoesNotThrowSettings(Map.of("TEJUN_SSO_OIDC_CLIENT_SECRET", "s3cret"))
                        .text(dev.tejun.server.config.Key.SSO_OIDC_CLIENT_SECRET));
    }

    @Test
    void settings_roleMapWithUnknownRole_refusedNamingTheKey() throws Exception {
        Settings s = Settings.of(
                ConfigFile.parse(
                        "tejun.yaml",
                        "sso.oidc.issuer: https://id.example.com\nsso.oidc.client-id: t\n"
                                + "sso.oidc.role-map: [ops=superuser]\n"),
                Map.of(),
                Map.of());
        ConfigError e = assertThrows(ConfigError.class, () -> OidcSettings.from(s));
        assertTrue(e.getMessage().startsWith("tejun.yaml:3: sso.oidc.role-map: no role 'superuser'"), e.getMessage());
    }

    private static Settings assertDoesNotThrowSettings(Map<String, String> env) throws ConfigError {
        return Settings.of(Map.of(), env, Map.of());
    }
}
