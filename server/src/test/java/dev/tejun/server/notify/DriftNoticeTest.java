package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.cmdb.DriftingPorts;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift.found}: a scheduled run is a drift check; when a value differs from its expected sheet that did not at
 * the last look, a real loopback webhook receiver is told, once; the last look outlives a restart.
 */
class DriftNoticeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    HttpServer receiver;
    final List<JsonNode> got = new CopyOnWriteArrayList<>();
    Settings settings;

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            got.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String yaml = "notify:\n  webhook:\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\n";
        settings = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /**
     * An observed sheet of the web sheet's ports with web2 listening elsewhere than expected (what a collect cell
     * would write), a drift.found subscription, and a runbook scheduled every second, activated.
     */
    private static void drifting(TestServer t) throws Exception {
        CmdbSamples.fill(t.cmdb);
        DriftingPorts.observedSheet(t);
        assertEquals(
                201,
                t.post(
                                "/api/notifications/subscriptions",
                                "{\"scope\":\"all\",\"channel\":\"webhook\",\"events\":[\"drift.found\"]}")
                        .statusCode());
        DriftingPorts.web2Drifts(t);
        DriftingPorts.scheduleCheck(t);
    }

    @Test
    void scheduledRun_newDrift_toldOnce() throws Exception {
        try (TestServer t = new TestServer(temp, c -> c.with(settings))) {
            drifting(t);
            Await.until(() -> !got.isEmpty(), "a drift.found notice");
            JsonNode n = got.getFirst();
            assertEquals("drift.found", n.path("event").asText());
            assertEquals("check.md", n.path("runbook").asText());
            assertEquals("Drift found in web", n.path("subject").asText());
            assertTrue(n.path("link").asText().endsWith("/cmdb-drift.html"), n.toString());
            Await.until(() -> scheduledRuns(t) >= 3, "two more scheduled runs");
            assertEquals(1, got.size(), "drift that was there at the last look is not news: " + got);
        }
    }

    @Test
    void restart_driftToldBeforeIsNotToldAgain_driftThatCameWhileDownIsTold() throws Exception {
        try (TestServer t = new TestServer(temp, c -> c.with(settings))) {
            drifting(t);
            Await.until(() -> !got.isEmpty(), "the drift.found notice of web2");
            assertEquals("[\"web2\"]", hosts(t));
        }
        // while the server is down, a collect run elsewhere (the CLI) records web1 drifting too
        try (CmdbStore cmdb = new CmdbStore(TestDatabases.settings(temp.resolve("data")), Clock.systemUTC())) {
            cmdb.recordObserved(
                    "web_seen",
                    Map.of("web1", Map.of("listen", "7777"), "web2", Map.of("listen", "9999")),
                    "run-2",
                    Actor.SYSTEM);
        }
        try (TestServer t = new TestServer(temp, c -> c.with(settings))) {
            Await.until(() -> got.size() >= 2, "a drift.found notice of web1 after the restart");
            assertEquals("[\"web1\"]", hosts(t), "only the drift that came while the server was down");
            int runs = scheduledRuns(t);
            Await.until(() -> scheduledRuns(t) >= runs + 2, "two more scheduled runs");
            assertEquals(2, got.size(), "web2's drift was told before the restart, web1's once after: " + got);
        }
    }

    /** The hosts of the newest drift.found entry of the audit log. */
    private static String hosts(TestServer t) throws Exception {
        JsonNode newest = JSON.readTree(
                        t.get("/api/audit?action=drift.found&limit=1").body())
                .get(0);
        return JSON.readTree(newest.path("detail").asText()).path("hosts").toString();
    }

    private static int scheduledRuns(TestServer t) throws Exception {
        return JSON.readTree(t.get("/api/runs?user=sched-op").body()).size();
    }
}
