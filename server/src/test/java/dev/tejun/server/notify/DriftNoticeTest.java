package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift.found}: a scheduled run is a drift check; when a value differs from its expected sheet that did not at
 * the last look, a real loopback webhook receiver is told, once.
 */
class DriftNoticeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void scheduledRun_newDrift_toldOnce() throws Exception {
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            got.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String yaml = "notify:\n  webhook:\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\n";
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        try (TestServer t = new TestServer(temp, c -> c.with(s))) {
            CmdbSamples.fill(t.cmdb);
            assertEquals(201, t.post("/api/cmdb/sheets", """
                    {"name":"web_seen","kind":"HOST","observes":{"sheet":"web","columns":{"listen":"port"}},
                     "columns":[{"name":"listen","type":"STRING"}]}""").statusCode());
            assertEquals(
                    201,
                    t.post(
                                    "/api/notifications/subscriptions",
                                    "{\"scope\":\"all\",\"channel\":\"webhook\",\"events\":[\"drift.found\"]}")
                            .statusCode());
            // what a collect cell would write: web2 listens elsewhere than its expected sheet says
            t.cmdb.recordObserved(
                    "web_seen",
                    Map.of("web1", Map.of("listen", "8080"), "web2", Map.of("listen", "9999")),
                    "run-1",
                    Actor.SYSTEM);
            t.write("check.md", "---\nschedule: \"* * * ? * *\"\n---\n```sh {#look}\necho looked\n```\n");
            String op = t.userWith("sched-op", Role.OPERATOR);
            assertEquals(
                    200,
                    t.as(op, "POST", "/api/schedules/file:check.md/activate", "")
                            .statusCode());
            Await.until(() -> !got.isEmpty(), "a drift.found notice");
            JsonNode n = got.getFirst();
            assertEquals("drift.found", n.path("event").asText());
            assertEquals("check.md", n.path("runbook").asText());
            assertEquals("Drift found in web", n.path("subject").asText());
            assertTrue(n.path("link").asText().endsWith("/cmdb-drift.html"), n.toString());
            Await.until(() -> scheduledRuns(t) >= 3, "two more scheduled runs");
            assertEquals(1, got.size(), "drift that was there at the last look is not news: " + got);
        } finally {
            receiver.stop(0);
        }
    }

    private static int scheduledRuns(TestServer t) throws Exception {
        return JSON.readTree(t.get("/api/runs?user=sched-op").body()).size();
    }
}
