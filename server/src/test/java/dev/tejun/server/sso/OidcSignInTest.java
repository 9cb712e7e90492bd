package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in through a real OpenID provider over real HTTP: the browser goes to the provider, signs in there, comes back
 * with a code, and Tejun signs it in with the roles its groups give. The refusals: a state that is not this browser's
 * sign-in, and a user whose groups are not allowed.
 */
class OidcSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static int port;
    private static OidcTestProvider provider;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // the provider must know Tejun's redirect URI before Tejun starts
        }
        provider = new OidcTestProvider(
                URI.create("http://127.0.0.1:" + port + "/api/sso/oidc/callback"), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private TestServer server(String extra) throws Exception {
        Path secret = Files.writeString(temp.resolve("client-secret"), OidcTestProvider.secret("tejun") + "\n");
        Settings s = Settings.of(
                ConfigFile.parse(
                        "test.yaml",
                        "sso:\n  oidc:\n    issuer: " + provider.issuer + "\n    client-id: tejun\n"
                                + "    client-secret-file: " + secret + "\n    scopes: [openid, profile, groups]\n"
                                + "    role-map: [ops-admins=admin, ops=operator, staff=viewer]\n"
                                + "    allowed-groups: [ops-admins, ops]\n" + extra),
                Map.of(),
                Map.of());
        return new TestServer(
                temp,
                c -> new ServerConfig(
                        c.host(),
                        port,
                        c.runbooksDir(),
                        c.dataDir(),
                        c.executors(),
                        c.clock(),
                        c.cmdb(),
                        c.headExport(),
                        s));
    }

    /** A browser of its own: cookies kept, redirects not followed. */
    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private static HttpResponse<String> get(HttpClient browser, URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a sign-in at Tejun, signs {@code login} in at the provider; answers the URI the provider sends back to. */
    private static URI throughProvider(TestServer t, HttpClient browser, String login) throws Exception {
        return throughProvider(t, browser, login, "/api/sso/oidc/start");
    }

    /** As above, starting at {@code start} (with a {@code next} page). */
    private static URI throughProvider(TestServer t, HttpClient browser, String login, String start) throws Exception {
        HttpResponse<String> started = get(browser, t.uri(start));
        assertEquals(302, started.statusCode(), started.body());
        URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
        assertTrue(authorize.toString().startsWith(provider.issuer + "/auth?"), authorize.toString());
        assertTrue(authorize.getQuery().contains("code_challenge_method=S256"), "PKCE");
        return provider.signIn(authorize, login);
    }

    @Test
    void callback_afterProviderSignIn_signsInWithTheGroupsRoles() throws Exception {
        try (TestServer t = server("")) {
            HttpClient browser = browser();
            HttpResponse<String> back = get(browser, throughProvider(t, browser, "alice"));
            assertEquals(200, back.statusCode(), back.body());
            assertTrue(back.body().contains("url=/\""), "without next: back to the start page " + back.body());
            assertTrue(back.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("tejun_session=")));

            JsonNode me = JSON.readTree(get(browser, t.uri("/api/me")).body());
            assertEquals("alice", me.get("name").asText());
            assertEquals("[\"admin\",\"viewer\"]", me.get("roles").toString());

            HttpClient bobs = browser();
            assertEquals(200, get(bobs, throughProvider(t, bobs, "bob")).statusCode());
            assertEquals(
                    "[\"operator\",\"viewer\"]",
                    JSON.readTree(get(bobs, t.uri("/api/me")).body())
                            .get("roles")
                            .toString());
            JsonNode login = JSON.readTree(t.get("/api/audit?action=login").body());
            assertTrue(login.toString().contains("oidc"), login.toString());
        }
    }

    @Test
    void callback_startedWithNext_returnsToThatPage() throws Exception {
        try (TestServer t = server("")) {
            HttpClient browser = browser();
            String next = URLEncoder.encode("/flow.html?name=patch&instance=i-1", StandardCharsets.UTF_8);
            HttpResponse<String> back =
                    get(browser, throughProvider(t, browser, "alice", "/api/sso/oidc/start?next=" + next));
            assertEquals(200, back.statusCode(), back.body());
            assertTrue(back.body().contains("content=\"0;url=/flow.html?name=patch&amp;instance=i-1\""), back.body());
        }
    }

    @Test
    void start_nextOffThisOrigin_refusedBeforeTheProvider() throws Exception {
        try (TestServer t = server("")) {
            for (String next : new String[] {
                "//evil.example/x",
                "https://evil.example/",
                "/\\evil.example",
                "javascript:alert(1)",
                "evil.example",
                "/ok\r\nSet-Cookie: x=y",
                "/\t/evil.example"
            }) {
                HttpResponse<String> r = get(
                        browser(),
                        t.uri("/api/sso/oidc/start?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
                assertEquals(400, r.statusCode(), next + ": " + r.body());
                assertTrue(r.body().contains("next must be a path on this server"), r.body());
            }
        }
    }

    @Test
    void callback_wrongState_refusedWithoutSession() throws Exception {
        try (TestServer t = server("")) {
            HttpClient browser = browser();
            URI back = throughProvider(t, browser, "alice");
            URI forged = URI.create(back.toString().replaceAll("state=[^&]+", "state=forged-state"));
            HttpResponse<String> r = get(browser, forged);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("state"), r.body());
            assertEquals(401, get(browser, t.uri("/api/me")).statusCode());
            // and the real state, once refused alongside a forged one, is still this browser's: it works once
            assertEquals(200, get(browser, back).statusCode());
            assertEquals(400, get(browser, back).statusCode(), "a state is used once");
        }
    }

    @Test
    void callback_inAnotherBrowser_refused() throws Exception {
        try (TestServer t = server("")) {
            // an attacker's own sign-in, finished in a victim's browser, would sign the victim in as the attacker
            URI back = throughProvider(t, browser(), "alice");
            HttpClient victim = browser();
            HttpResponse<String> r = get(victim, back);
            assertEquals(400, r.statusCode(), r.body());
            assertEquals(401, get(victim, t.uri("/api/me")).statusCode());
        }
    }

    @Test
    void callback_groupNotAllowed_noAccessAndNoUser() throws Exception {
        try (TestServer t = server("")) {
            for (String who : new String[] {"mallory", "carol"}) { // contractors; staff only (a role, not allowed)
                HttpClient browser = browser();
                HttpResponse<String> r = get(browser, throughProvider(t, browser, who));
                assertEquals(403, r.statusCode(), r.body());
                assertTrue(r.body().contains("not a member of a group allowed"), r.body());
                assertEquals(401, get(browser, t.uri("/api/me")).statusCode());
                assertFalse(t.get("/api/users").body().contains("\"" + who + "\""), who + " was made a user");
            }
        }
    }

    @Test
    void callback_nameOfALocalUser_refused() throws Exception {
        try (TestServer t = server("")) {
            t.userWith("bob", Role.VIEWER); // a local bob: the directory's bob must not take over his account
            HttpClient browser = browser();
            HttpResponse<String> r = get(browser, throughProvider(t, browser, "bob"));
            assertEquals(403, r.statusCode(), r.body());
            assertEquals(401, get(browser, t.uri("/api/me")).statusCode());
        }
    }

    @Test
    void login_localUsersStillSignIn_unlessTurnedOff() throws Exception {
        try (TestServer t = server("")) {
            t.userWith("ann", Role.OPERATOR);
            t.login("ann");
            assertEquals(
                    "{\"oidc\":true,\"localSignIn\":\"on\"}",
                    t.send("GET", "/api/sso", null, Map.of()).body());
        }
    }
}
