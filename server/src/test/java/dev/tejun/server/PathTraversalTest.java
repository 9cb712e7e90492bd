package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No request reaches a file outside the runbooks or evidence folder, whatever its path parameters say. */
class PathTraversalTest {

    static final String VALID_RUN = "20260101-120000-abcdef";

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    Path secret;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp.resolve("server"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret.md"), "# secret\n");
        Files.createSymbolicLink(t.runbooks.resolve("link.md"), secret);
        Files.createSymbolicLink(t.runbooks.resolve("out"), outside);
        t.write("ok.md", "# ok\n");
        Files.createDirectories(
                t.data.resolve("evidence").resolve(VALID_RUN).resolve("cells").resolve("01-a"));
        Files.writeString(t.data.resolve("evidence").resolve(VALID_RUN).resolve("run.json"), "{}");
    }

    static final List<String> BAD_NAMES = List.of(
            "..%2F..%2Foutside%2Fsecret.md",
            "..%2Foutside%2Fsecret.md",
            "%2Fetc%2Fpasswd",
            "%2e%2e%2Foutside%2Fsecret.md",
            "link.md",
            "out%2Fsecret.md",
            "out/secret.md",
            "sub/..%2F..%2Fsecret.md",
            ".git%2Fconfig");

    @Test
    void runbookPaths_refuseTraversal() throws Exception {
        for (String name : BAD_NAMES) {
            assertRefused(t.get("/api/runbooks/" + name), "GET " + name);
            assertRefused(t.put("/api/runbooks/" + name, "{\"text\":\"pwned\\n\"}"), "PUT " + name);
            assertRefused(
                    t.put("/api/runbooks/" + name + "/cells/0", "{\"source\":\"pwned\\n\",\"version\":\"x\"}"),
                    "PUT cell " + name);
        }
        // Jetty itself refuses a NUL in the path (and closes the connection, so only one request here)
        assertEquals(400, t.get("/api/runbooks/ok.md%00.md").statusCode());
        assertEquals("# secret\n", Files.readString(secret));
    }

    @Test
    void runPaths_refuseTraversal() throws Exception {
        for (String path : List.of(
                "/api/runs/..%2F..%2Fserver",
                "/api/runs/..",
                "/api/runs/%2Fetc",
                "/api/runs/" + VALID_RUN + "%2F..",
                "/api/runs/..%2Fevidence/cells/a/stdout",
                "/api/runs/" + VALID_RUN + "/cells/..%2F..%2Frun.json/stdout",
                "/api/runs/" + VALID_RUN + "/cells/../stdout",
                "/api/runs/" + VALID_RUN + "/cells/a/..%2F..%2Frun.json",
                "/api/runs/" + VALID_RUN + "/cells/a/run.json")) {
            HttpResponse<String> r = t.get(path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " gave " + r.statusCode());
            assertTrue(!r.body().equals("{}"), path);
        }
        assertEquals(200, t.get("/api/runs/" + VALID_RUN).statusCode(), "a good run id still works");
    }

    @Test
    void wsRunbookParam_refusesTraversal() {
        for (String name : List.of("../outside/secret.md", "/etc/passwd", "link.md", "out/secret.md")) {
            CompletionException e = assertThrows(
                    CompletionException.class,
                    () -> WsClient.connect(t, name, Map.of("Origin", t.server.baseUrl())),
                    name);
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(400, refused.getResponse().statusCode(), name);
        }
    }

    @Test
    void foreignHostHeader_refused() throws Exception {
        // a DNS-rebinding page reaches the loopback server with its own host name
        assertTrue(rawGet("evil.example:" + t.server.port()).startsWith("HTTP/1.1 403"));
        assertTrue(rawGet("localhost:" + t.server.port()).startsWith("HTTP/1.1 200"));
    }

    private String rawGet(String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", t.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRefused(HttpResponse<String> r, String what) {
        assertEquals(400, r.statusCode(), what + ": " + r.body());
        assertTrue(!r.body().contains("# secret"), what + ": the file's content must not come back");
    }
}
