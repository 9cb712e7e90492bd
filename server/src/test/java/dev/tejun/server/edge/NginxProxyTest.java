package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tejun behind a real nginx from Debian terminating TLS on loopback. nginx connects from 127.0.0.2 (proxy_bind), the
 * client from 127.0.0.1, so the test can tell the client's address from the proxy's. nginx passes its own upstream
 * Host and the browser's host in X-Forwarded-Host, so the WebSocket Origin check passes only because the forwarded
 * headers of the trusted proxy count.
 */
class NginxProxyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Nginx nginx;

    @AfterEach
    void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    private int startNginx(TestCertificate cert, int upstream) throws Exception {
        nginx = Nginx.start(temp.resolve("nginx"), port -> """
                  server {
                    listen 127.0.0.1:%1$d ssl;
                    ssl_certificate %2$s;
                    ssl_certificate_key %3$s;
                    location / {
                      proxy_pass http://127.0.0.1:%4$d;
                      proxy_bind 127.0.0.2;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_set_header X-Forwarded-Host $http_host;
                    }
                  }
                """.formatted(port, cert.cert(), cert.key(), upstream));
        return nginx.port;
    }

    @Test
    void behindNginx_clientAddressSecureCookieAndACellRunOverTheSocket() throws Exception {
        TestCertificate cert = TestCertificate.make(Files.createDirectories(temp.resolve("certs")));
        Settings s =
                Settings.of(ConfigFile.parse("test.yaml", "server.trusted-proxies: [127.0.0.2]\n"), Map.of(), Map.of());
        HttpClient http = HttpClient.newBuilder()
                .sslContext(cert.trustingPem())
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        try (TestServer t = new TestServer(temp, c -> c.with(s))) {
            t.userWith("ann", Role.OPERATOR);
            t.write("a.md", "# A\n\n```sh {#greet}\necho hello-through-nginx\n```\n");
            String base = "https://localhost:" + startNginx(cert, t.server.port());

            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .header("Origin", base)
                            .header("X-Forwarded-For", "198.51.100.9") // the client's own word: not believed
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"ann\",\"password\":\"" + TestServer.password("ann") + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("; Secure"), cookie);
            assertTrue(login.headers().firstValue("Strict-Transport-Security").isPresent());
            JsonNode audit = JSON.readTree(t.get("/api/audit?action=login").body());
            assertEquals("127.0.0.1", audit.get(0).get("address").asText(), audit.toString());

            CompletableFuture<String> output = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Origin", base)
                    .header("Cookie", cookie.split(";", 2)[0])
                    .buildAsync(
                            URI.create(base.replace("https:", "wss:") + "/ws/session?runbook=a.md"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                    seen.append(data);
                                    if (seen.toString().contains("hello-through-nginx")) {
                                        output.complete(seen.toString());
                                    }
                                    ws.request(1);
                                    return null;
                                }
                            })
                    .get(20, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"attach\",\"id\":\"a1\",\"since\":0}", true)
                    .join();
            socket.sendText("{\"type\":\"execute\",\"id\":\"x1\",\"cellId\":\"greet\"}", true)
                    .join();
            try {
                output.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no cell output through nginx; the socket said: " + seen, e);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            // the audit entry goes through the record queue, so it may land a moment after the output arrived
            Await.until(
                    () -> JSON.readTree(t.get("/api/audit?action=execution.start")
                                            .body())
                                    .size()
                            > 0,
                    "the execution.start audit entry");
            JsonNode starts =
                    JSON.readTree(t.get("/api/audit?action=execution.start").body());
            assertEquals("127.0.0.1", starts.get(0).get("address").asText(), starts.toString());
        } finally {
            http.shutdownNow(); // close() would wait for the socket's closing handshake
        }
    }
}
