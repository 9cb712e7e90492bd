package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLifecycleTest {

    @TempDir
    Path temp;

    @Test
    void start_twoServers_randomPortsShareNothing() throws Exception {
        try (TestServer a = new TestServer(temp.resolve("a"));
                TestServer b = new TestServer(temp.resolve("b"))) {
            assertNotEquals(a.server.port(), b.server.port());
            a.write("only-a.md", "# A\n");
            assertEquals(404, b.get("/api/runbooks/only-a.md").statusCode());
            assertEquals("http://127.0.0.1:" + a.server.port(), a.server.baseUrl());
        }
    }

    @Test
    void stop_leavesNoChildProcess() throws Exception {
        TestServer t = new TestServer(temp);
        t.write("slow.md", "```sh {#slow}\necho started; sleep 60\n```\n");
        WsClient ws = t.connect("slow.md");
        ws.send("{\"type\":\"attach\"}");
        ws.send("{\"type\":\"execute\",\"cellId\":\"slow\"}");
        ws.eventsUntil(e -> e.path("type").asText().equals("cell-output"));
        // The output comes from echo; sleep is started just after it.
        Await.until(() -> !sleeping().isEmpty(), "the cell's sleep runs");

        t.close();

        for (int i = 0; i < 100 && !sleeping().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), sleeping());
        assertThrows(
                ConnectException.class,
                () -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(t.uri("/api/health")).build(),
                                HttpResponse.BodyHandlers.discarding()));
    }

    private static List<ProcessHandle> sleeping() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .toList();
    }
}
