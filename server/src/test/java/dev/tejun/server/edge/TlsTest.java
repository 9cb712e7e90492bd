package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS in Jetty itself, with a certificate the test made and the JDK's HTTP client. */
class TlsTest {

    @TempDir
    static Path certs;

    static TestCertificate cert;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeCertificate() throws Exception {
        cert = TestCertificate.make(certs);
    }

    private TestServer server(String yaml) throws Exception {
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        return new TestServer(temp, c -> c.with(s));
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void keystore_servesHttpsWithHsts_andRedirectsPlainHttp() throws Exception {
        int plain = freePort();
        try (TestServer t = server("server.tls:\n  keystore: " + cert.keystore() + "\n  keystore-password-file: "
                        + cert.passwordFile() + "\n  redirect-port: " + plain + "\n");
                HttpClient http = client(cert.trustingKeystore())) {
            String base = t.server.baseUrl();
            assertTrue(base.startsWith("https://127.0.0.1:"), base);
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(
                    "max-age=31536000",
                    health.headers().firstValue("Strict-Transport-Security").orElseThrow());

            HttpResponse<String> moved = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain + "/runbooks/a.md?x=1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(301, moved.statusCode());
            assertEquals(
                    "https://127.0.0.1:" + t.server.port() + "/runbooks/a.md?x=1",
                    moved.headers().firstValue("Location").orElseThrow());
            assertTrue(moved.headers().firstValue("Strict-Transport-Security").isEmpty());
        }
    }

    @Test
    void keystore_plainHttpToTheHttpsPort_getsNoPage() throws Exception {
        try (TestServer t = server("server.tls.keystore: " + cert.keystore() + "\nserver.tls.keystore-password-file: "
                        + cert.passwordFile() + "\n");
                HttpClient http = client(SSLContext.getDefault())) {
            String plain = t.server.baseUrl().replace("https:", "http:");
            // Jetty answers plain HTTP on a TLS port with a TLS alert, never with a page
            assertThrows(
                    IOException.class,
                    () -> http.send(
                            HttpRequest.newBuilder(URI.create(plain + "/api/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void pem_signInGetsSecureCookie_andTheNotebookSocketOpensOverWss() throws Exception {
        try (TestServer t = server("server.tls:\n  cert: " + cert.cert() + "\n  key: " + cert.key() + "\n");
                HttpClient http = client(cert.trustingPem())) {
            t.userWith("ann", Role.OPERATOR);
            String base = t.server.baseUrl();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .header("Origin", base)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"ann\",\"password\":\"" + TestServer.password("ann") + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("; Secure"), cookie);

            t.write("a.md", "# A\n\n```sh\necho hi\n```\n");
            URI wss = URI.create(base.replace("https:", "wss:") + "/ws/session?runbook=a.md");
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Origin", base)
                    .header("Cookie", cookie.split(";", 2)[0])
                    .buildAsync(wss, new WebSocket.Listener() {})
                    .join();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            assertThrows(
                    CompletionException.class,
                    () -> http.newWebSocketBuilder()
                            .header("Origin", "https://evil.example.com")
                            .header("Cookie", cookie.split(";", 2)[0])
                            .buildAsync(wss, new WebSocket.Listener() {})
                            .join());
        }
    }

    @Test
    void keystore_wrongPassword_stopsTheStartNamingTheKey() throws Exception {
        Path wrong = java.nio.file.Files.writeString(temp.resolve("pw"), "not-it\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> server("server.tls.keystore: " + cert.keystore() + "\nserver.tls.keystore-password-file: " + wrong
                        + "\n"));
        assertTrue(e.getMessage().contains("test.yaml:1: server.tls.keystore: cannot load"), e.getMessage());
    }
}
