package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarded headers count only from a trusted proxy: then the audit log and the sign-in throttle see the client's
 * address, the cookie is Secure, and the WebSocket accepts the public origin; from anyone else they change nothing.
 */
class ProxyHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What nginx in front of Tejun sends for a browser at 203.0.113.7 that opened https://tejun.example.com. */
    private static final Map<String, String> FORWARDED = Map.of(
            "X-Forwarded-For", "203.0.113.7",
            "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "tejun.example.com");

    @TempDir
    Path temp;

    private static Settings settings(String yaml) throws ConfigError {
        return Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
    }

    private TestServer server(String yaml) throws Exception {
        Settings s = settings(yaml);
        return new TestServer(temp, c -> c.with(s));
    }

    private static HttpResponse<String> login(TestServer t, String password, Map<String, String> headers)
            throws Exception {
        Map<String, String> h = new java.util.HashMap<>(headers);
        return t.send("POST", "/api/login", "{\"name\":\"ann\",\"password\":\"" + password + "\"}", h);
    }

    private static JsonNode lastLogin(TestServer t) throws Exception {
        JsonNode last = null;
        for (JsonNode e : JSON.readTree(t.get("/api/audit?action=login").body())) {
            last = last == null || e.get("id").asLong() > last.get("id").asLong() ? e : last;
        }
        return last;
    }

    @Test
    void trustedProxy_clientAddressSecureCookieAndPublicOrigin() throws Exception {
        try (TestServer t = server("server.trusted-proxies: [127.0.0.1]\n")) {
            t.userWith("ann", Role.OPERATOR);
            HttpResponse<String> ok = login(t, TestServer.password("ann"), FORWARDED);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));
            assertEquals("203.0.113.7", lastLogin(t).get("address").asText());

            HttpResponse<String> failed = login(t, "wrong", FORWARDED);
            assertEquals(401, failed.statusCode());
            assertEquals("203.0.113.7", lastLogin(t).get("address").asText());

            t.write("a.md", "# A\n\n```sh\necho hi\n```\n");
            Map<String, String> ws = new java.util.HashMap<>(FORWARDED);
            ws.put("Origin", "https://tejun.example.com");
            WsClient.connect(t, "a.md", ws).close();
        }
    }

    @Test
    void trustedProxy_addressesLeftOfItsOwnHopAreTheClientsWordAndIgnored() throws Exception {
        try (TestServer t = server("server.trusted-proxies: [127.0.0.1, 10.0.0.0/8]\n")) {
            t.userWith("ann", Role.OPERATOR);
            // the client wrote 198.51.100.1; the outer proxy saw 203.0.113.7; an inner trusted proxy added 10.1.1.1
            login(t, "wrong", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.1.1"));
            assertEquals("203.0.113.7", lastLogin(t).get("address").asText());
        }
    }

    @Test
    void untrustedSource_forwardedHeadersChangeNothing() throws Exception {
        try (TestServer t = server("server.trusted-proxies: [10.0.0.0/8]\n")) {
            t.userWith("ann", Role.OPERATOR);
            HttpResponse<String> ok = login(t, TestServer.password("ann"), FORWARDED);
            assertEquals(200, ok.statusCode(), ok.body());
            assertFalse(ok.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
            assertEquals("127.0.0.1", lastLogin(t).get("address").asText());

            t.write("a.md", "# A\n\n```sh\necho hi\n```\n");
            Map<String, String> ws = new java.util.HashMap<>(FORWARDED);
            ws.put("Origin", "https://tejun.example.com");
            assertThrows(CompletionException.class, () -> WsClient.connect(t, "a.md", ws));
        }
    }

    @Test
    void noProxiesSet_forwardedForIsIgnored() throws Exception {
        try (TestServer t = server("")) {
            t.userWith("ann", Role.OPERATOR);
            assertEquals(
                    401,
                    login(t, "wrong", Map.of("X-Forwarded-For", "198.51.100.1")).statusCode());
            assertEquals("127.0.0.1", lastLogin(t).get("address").asText());
        }
    }

    @Test
    void publicUrl_isAnOriginOfTheServer_andMakesTheCookieSecure() throws Exception {
        try (TestServer t = server("server.public-url: https://tejun.example.com\n")) {
            t.userWith("ann", Role.OPERATOR);
            HttpResponse<String> ok =
                    login(t, TestServer.password("ann"), Map.of("Origin", "https://tejun.example.com"));
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));
            t.write("a.md", "# A\n\n```sh\necho hi\n```\n");
            WsClient.connect(t, "a.md", Map.of("Origin", "https://tejun.example.com"))
                    .close();
            assertThrows(
                    CompletionException.class,
                    () -> WsClient.connect(t, "a.md", Map.of("Origin", "https://evil.example.com")));
        }
    }
}
