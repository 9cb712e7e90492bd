package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/login} against a real slapd over StartTLS (the directory refuses anything sent in the clear): the
 * password is checked by a bind, the groups give the roles, and the refusals and the throttle are the local ones.
 */
class LdapSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static TestSlapd slapd;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        slapd = new TestSlapd(Files.createDirectories(shared.resolve("slapd")));
    }

    @AfterAll
    static void stop() {
        slapd.close();
    }

    private TestServer server() throws Exception {
        return server(slapd.yaml());
    }

    private TestServer server(String yaml) throws Exception {
        Path password = Files.writeString(temp.resolve("bind-password"), "admin-secret\n");
        Settings s = Settings.of(
                ConfigFile.parse("test.yaml", yaml + "    bind-password-file: " + password + "\n"), Map.of(), Map.of());
        return new TestServer(temp, c -> c.with(s));
    }

    private static HttpResponse<String> login(TestServer t, String name, String password) throws Exception {
        return t.send(
                "POST",
                "/api/login",
                JSON.createObjectNode()
                        .put("name", name)
                        .put("password", password)
                        .toString(),
                Map.of());
    }

    @Test
    void login_directoryUser_signsInWithTheGroupsRoles() throws Exception {
        try (TestServer t = server()) {
            HttpResponse<String> r = login(t, "frank", "frank-password-123");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    "[\"approver\",\"operator\"]",
                    JSON.readTree(r.body()).get("roles").toString());
            assertTrue(t.get("/api/users").body().contains("\"frank\""), "made on the first sign-in");
            t.userWith("ann", Role.VIEWER);
            assertEquals(200, login(t, "ann", TestServer.password("ann")).statusCode(), "local users still sign in");
        }
    }

    @Test
    void login_withoutStartTls_theDirectoryRefusesTheClearBind() throws Exception {
        // so the sign-ins above went over TLS: this directory takes no password in the clear
        try (TestServer t = server(slapd.yaml().replace("start-tls: true", "start-tls: false"))) {
            assertEquals(401, login(t, "dave", "dave-password-123").statusCode());
        }
    }

    @Test
    void login_wrongOrEmptyPassword_refused() throws Exception {
        try (TestServer t = server()) {
            assertEquals(401, login(t, "dave", "not-daves-password").statusCode());
            // an empty password is an unauthenticated bind, which LDAP answers with success
            assertEquals(401, login(t, "dave", "").statusCode());
            assertEquals(401, login(t, "nobody", "dave-password-123").statusCode());
            // a filter in the name finds nobody: the name is escaped
            assertEquals(401, login(t, "*", "dave-password-123").statusCode());
            assertFalse(t.get("/api/users").body().contains("\"dave\""));
        }
    }

    @Test
    void login_userNotInAnAllowedGroup_refused() throws Exception {
        try (TestServer t = server()) {
            HttpResponse<String> r = login(t, "erin", "erin-password-123"); // staff gives viewer, but only ops may
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("not a member of a group allowed"), r.body());
            assertFalse(t.get("/api/users").body().contains("\"erin\""));
        }
    }

    @Test
    void login_repeatedWrongPasswords_throttledLikeLocalOnes() throws Exception {
        try (TestServer t = server()) {
            for (int i = 0; i < 4; i++) {
                login(t, "dave", "wrong-" + i);
            }
            HttpResponse<String> r = login(t, "dave", "dave-password-123");
            assertEquals(429, r.statusCode(), r.body());
        }
    }
}
