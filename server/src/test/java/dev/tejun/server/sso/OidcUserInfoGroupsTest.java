package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that keeps the groups out of the ID token and gives them at its UserInfo endpoint (oidc-provider with
 * conformIdTokenClaims): the roles still come from the groups.
 */
class OidcUserInfoGroupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static int port;
    private static OidcTestProvider provider;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        provider = new OidcTestProvider(
                URI.create("http://127.0.0.1:" + port + "/api/sso/oidc/callback"), Duration.ofMinutes(5), true);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void callback_groupsOnlyAtUserInfo_giveTheRoles() throws Exception {
        Path secret = Files.writeString(temp.resolve("client-secret"), OidcTestProvider.secret("tejun") + "\n");
        Settings s = Settings.of(
                ConfigFile.parse(
                        "test.yaml",
                        "sso:\n  oidc:\n    issuer: " + provider.issuer + "\n    client-id: tejun\n"
                                + "    client-secret-file: " + secret + "\n    scopes: [openid, profile, groups]\n"
                                + "    role-map: [ops-admins=admin, ops=operator, staff=viewer]\n"),
                Map.of(),
                Map.of());
        try (TestServer t = new TestServer(
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
                        s))) {
            HttpClient browser =
                    HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            HttpResponse<String> started = browser.send(
                    HttpRequest.newBuilder(t.uri("/api/sso/oidc/start")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, started.statusCode(), started.body());
            URI back = provider.signIn(
                    URI.create(started.headers().firstValue("Location").orElseThrow()), "bob");
            HttpResponse<String> done =
                    browser.send(HttpRequest.newBuilder(back).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, done.statusCode(), done.body());
            HttpResponse<String> me = browser.send(
                    HttpRequest.newBuilder(t.uri("/api/me")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(
                    "[\"operator\",\"viewer\"]",
                    JSON.readTree(me.body()).get("roles").toString());
        }
    }
}
