package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Running several servers": two servers on one PostgreSQL behind a real nginx that sends requests to
 * them in turn (no pinning). A browser signed in through nginx stays signed in whichever server answers, and its
 * sign-out holds on both. nginx names the server that answered in {@code X-Upstream}.
 */
class NginxTwoServersTest {

    @TempDir
    Path temp;

    @Test
    void signIn_throughNginx_validOnBothServers_signOutEndsItOnBoth() throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        HttpClient http = HttpClient.newHttpClient();
        try (TestServer a = new TestServer(temp.resolve("a"), shared, c -> c);
                TestServer b = new TestServer(temp.resolve("b"), shared, c -> c);
                Nginx nginx = Nginx.start(
                        temp.resolve("nginx"), port -> """
                          upstream tejun {
                            server 127.0.0.1:%2$d;
                            server 127.0.0.1:%3$d;
                          }
                          server {
                            listen 127.0.0.1:%1$d;
                            location / {
                              proxy_pass http://tejun;
                              proxy_http_version 1.1;
                              proxy_set_header Host $http_host;
                              proxy_set_header Upgrade $http_upgrade;
                              proxy_set_header Connection $connection_upgrade;
                              add_header X-Upstream $upstream_addr always;
                            }
                          }
                        """.formatted(port, a.server.port(), b.server.port()))) {
            a.userWith("ann", Role.OPERATOR);
            String base = "http://127.0.0.1:" + nginx.port;
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"ann\",\"password\":\"" + TestServer.password("ann") + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            String csrf = login.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");

            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> me = get(http, base + "/api/me", cookie);
                assertEquals(
                        200, me.statusCode(), "through " + me.headers().firstValue("X-Upstream") + ": " + me.body());
                answeredBy.add(me.headers().firstValue("X-Upstream").orElseThrow());
            }
            assertEquals(2, answeredBy.size(), "both servers answered: " + answeredBy);

            HttpResponse<String> out = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/logout"))
                            .header("Cookie", cookie)
                            .header("X-CSRF-Token", csrf)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, out.statusCode(), out.body());
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> me = get(http, base + "/api/me", cookie);
                assertEquals(
                        401,
                        me.statusCode(),
                        "signed out, yet " + me.headers().firstValue("X-Upstream") + " answered " + me.body());
            }
            assertTrue(answeredBy.contains("127.0.0.1:" + a.server.port()), answeredBy.toString());
        } finally {
            http.shutdownNow();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
