package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        t.write("book.md", "# Book\n\n```sh {#a}\necho hi\n```\n");
    }

    private HttpResponse<String> login(String name, String password, Map<String, String> headers) throws Exception {
        return t.send(
                "POST", "/api/login", JSON.writeValueAsString(Map.of("name", name, "password", password)), headers);
    }

    @Test
    void login_setsHttpOnlyStrictCookie_andMeAnswers() throws Exception {
        t.userWith("ann", Role.EDITOR);
        HttpResponse<String> r = login("ann", TestServer.password("ann"), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String session = cookie.split(";", 2)[0];
        JsonNode me = JSON.readTree(
                t.send("GET", "/api/me", null, Map.of("Cookie", session)).body());
        assertEquals("ann", me.path("name").asText());
        assertEquals("editor", me.path("roles").get(0).asText());
        assertFalse(me.path("csrfToken").asText().isEmpty());

        assertEquals(
                204,
                t.send("POST", "/api/logout", null, Map.of("Cookie", session)).statusCode());
        assertEquals(
                401, t.send("GET", "/api/me", null, Map.of("Cookie", session)).statusCode(), "logged out");
    }

    @Test
    void login_wrongPassword_401_andBruteForceIsSlowed() throws Exception {
        t.userWith("bob", Role.VIEWER);
        assertEquals(401, login("bob", "wrong-password-1", Map.of()).statusCode());
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            int status = login("bob", "wrong-password-" + i, Map.of()).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            throttled += status == 429 ? 1 : 0;
        }
        assertTrue(throttled > 0, "repeated failures are slowed down");
        HttpResponse<String> right = login("bob", TestServer.password("bob"), Map.of());
        assertEquals(429, right.statusCode(), "even the right password waits: " + right.body());
        assertTrue(right.body().contains("wait") || right.body().contains("locked"), right.body());
    }

    @Test
    void pages_redirectToLogin_loginPagePublic() throws Exception {
        HttpResponse<String> page = t.send("GET", "/notebook.html?runbook=book.md", null, Map.of());
        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElse("").startsWith("/login.html?next="));
        assertEquals(200, t.send("GET", "/login.html", null, Map.of()).statusCode());
        assertEquals(200, t.send("GET", "/login.js", null, Map.of()).statusCode());
        assertEquals(401, t.send("GET", "/notebook.js", null, Map.of()).statusCode());
        assertEquals(200, t.get("/notebook.html").statusCode(), "signed in, the page is served");
    }

    @Test
    void csrf_crossSiteStateChangeRefused_tokenOrSameOriginAccepted() throws Exception {
        t.userWith("ed", Role.EDITOR);
        TestServer.SignedIn s = t.login("ed");
        String body = "{\"text\":\"# New\\n\"}";
        assertEquals(
                403,
                t.send("PUT", "/api/runbooks/new.md", body, Map.of("Cookie", s.cookie()))
                        .statusCode(),
                "no token, no origin");
        assertEquals(
                403,
                t.send(
                                "PUT",
                                "/api/runbooks/new.md",
                                body,
                                Map.of("Cookie", s.cookie(), "Origin", "http://evil.example"))
                        .statusCode(),
                "foreign origin");
        assertEquals(
                403,
                t.send("PUT", "/api/runbooks/new.md", body, Map.of("Cookie", s.cookie(), "X-CSRF-Token", "guess"))
                        .statusCode(),
                "wrong token");
        assertFalse(Files.exists(t.runbooks.resolve("new.md")));
        assertEquals(
                201,
                t.send("PUT", "/api/runbooks/new.md", body, Map.of("Cookie", s.cookie(), "X-CSRF-Token", s.csrf()))
                        .statusCode());
        assertEquals(
                200,
                t.send(
                                "PUT",
                                "/api/runbooks/new.md",
                                "{\"text\":\"# Newer\\n\",\"version\":\""
                                        + JSON.readTree(t.get("/api/runbooks/new.md")
                                                        .body())
                                                .path("version")
                                                .asText() + "\"}",
                                Map.of("Cookie", s.cookie(), "Origin", t.server.baseUrl()))
                        .statusCode());
        assertEquals(
                403,
                login("ed", TestServer.password("ed"), Map.of("Origin", "http://evil.example"))
                        .statusCode(),
                "no sign-in from another site");
    }

    @Test
    void tokens_createdShownOnce_revoked() throws Exception {
        HttpResponse<String> made =
                t.send("POST", "/api/tokens", "{\"label\":\"ci\"}", Map.of("Authorization", "Bearer " + t.token));
        assertEquals(201, made.statusCode(), made.body());
        JsonNode json = JSON.readTree(made.body());
        String token = json.path("token").asText();
        String id = json.path("info").path("id").asText();
        assertEquals(200, t.as(token, "GET", "/api/me", null).statusCode());
        assertFalse(t.get("/api/tokens").body().contains(token), "a token is never listed");
        assertEquals(204, t.as(t.token, "DELETE", "/api/tokens/" + id, null).statusCode());
        assertEquals(401, t.as(token, "GET", "/api/me", null).statusCode(), "revoked");
    }

    @Test
    void users_adminCreatesAndChangesRoles() throws Exception {
        HttpResponse<String> r = t.as(
                t.token,
                "POST",
                "/api/users",
                "{\"name\":\"carol\",\"password\":\"long-enough-password\",\"roles\":[\"viewer\"]}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(
                400,
                t.as(t.token, "POST", "/api/users", "{\"name\":\"dave\",\"password\":\"short\",\"roles\":[]}")
                        .statusCode());
        assertEquals(
                400,
                t.as(
                                t.token,
                                "POST",
                                "/api/users",
                                "{\"name\":\"<script>\",\"password\":\"long-enough-password\",\"roles\":[]}")
                        .statusCode());
        assertEquals(
                200,
                t.as(t.token, "PUT", "/api/users/carol", "{\"roles\":[\"operator\"]}")
                        .statusCode());
        assertTrue(t.get("/api/users").body().contains("\"operator\""));
        assertEquals(204, t.as(t.token, "DELETE", "/api/users/carol", null).statusCode());
        assertEquals(404, t.as(t.token, "DELETE", "/api/users/carol", null).statusCode());
    }

    @Test
    void socket_cliNeedsToken_foreignOriginRefusedEvenWithToken() {
        CompletionException e = assertThrows(
                CompletionException.class,
                () -> WsClient.connectExactly(t, "book.md", Map.of("X-Tejun-Client", "cli")));
        assertEquals(
                401,
                assertInstanceOf(WebSocketHandshakeException.class, e.getCause())
                        .getResponse()
                        .statusCode());
        e = assertThrows(
                CompletionException.class,
                () -> WsClient.connectExactly(
                        t, "book.md", Map.of("Origin", "http://evil.example", "Authorization", "Bearer " + t.token)));
        assertEquals(
                403,
                assertInstanceOf(WebSocketHandshakeException.class, e.getCause())
                        .getResponse()
                        .statusCode());
    }

    @Test
    void firstStart_makesAdminWithRandomPasswordInPrivateFile() throws Exception {
        Path data = Files.createDirectories(temp.resolve("fresh"));
        UserStore users = new UserStore(TestDatabases.open(data), Clock.systemUTC());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        assertTrue(FirstAdmin.ensure(users, null, data, new PrintStream(console, true)));
        Path file = data.resolve(FirstAdmin.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).strip();
        assertFalse(console.toString().contains(password), "never in the console (a log): " + console);
        assertTrue(console.toString().contains(file.toString()), "the console says where it is: " + console);
        assertTrue(users.check("admin", password).isPresent());
        assertFalse(users.check("admin", "admin").isPresent());
        assertFalse(
                FirstAdmin.ensure(users, null, data, new PrintStream(new ByteArrayOutputStream())),
                "only when there is no user");
    }

    @Test
    void signIn_serverRestarted_stillSignedIn_signOutAfterwardsHolds() throws Exception {
        t.userWith("ann", Role.VIEWER);
        TestServer.SignedIn browser = t.login("ann");
        t.close();
        t = new TestServer(temp); // the same data folder: a restart

        HttpResponse<String> me = t.send("GET", "/api/me", null, Map.of("Cookie", browser.cookie()));
        assertEquals(200, me.statusCode(), "a restart keeps sign-ins: " + me.body());
        t.send("POST", "/api/logout", "", Map.of("Cookie", browser.cookie(), "X-CSRF-Token", browser.csrf()));
        assertEquals(
                401,
                t.send("GET", "/api/me", null, Map.of("Cookie", browser.cookie()))
                        .statusCode());
    }
}
