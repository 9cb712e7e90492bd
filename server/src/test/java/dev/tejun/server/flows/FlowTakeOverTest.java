package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.node;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two live servers on one PostgreSQL: a server that starts leaves the flow instances a live server drives to it
 * (before, it recovered every unfinished instance, so two engines drove one), and takes over those of a server that
 * has gone, paused nodes still paused and running ones interrupted.
 */
class FlowTakeOverTest {

    private static final String HOLD = """
            nodes:
              - { id: gate, type: pause, message: "go on?", next: say }
              - { id: say, type: runbook, runbook: say.md, next: end }
              - { id: end, type: end }
            """;
    private static final String SLOW = """
            nodes:
              - { id: wait, type: runbook, runbook: slow.md, next: end }
              - { id: end, type: end }
            """;

    @TempDir
    Path temp;

    /** A server on {@code shared} with a 3 s lease and the flows of this test. */
    private TestServer server(String name, DatabaseSettings shared) throws Exception {
        Settings lease = Settings.of(Map.of(), Map.of(), Map.of(Key.CLUSTER_LEASE_SECONDS, "3"));
        TestServer ts = new TestServer(temp.resolve(name), shared, c -> c.with(lease));
        ts.write("say.md", "# Say\n\n```sh {#s}\necho said\n```\n");
        ts.write("slow.md", "# Slow\n\n```sh {#a}\nsleep 60\n```\n");
        ts.write("hold.flow.yaml", HOLD);
        ts.write("slow.flow.yaml", SLOW);
        return ts;
    }

    @Test
    void start_besideALiveServersPausedFlow_leavesItToThatServer() throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        try (TestServer a = server("a", shared)) {
            String id = json(a.post("/api/flows/hold.flow.yaml/start", ""), 201)
                    .get("id")
                    .asText();
            until(a, id, fi -> fi.get("status").asText().equals("paused"), "paused");
            try (TestServer b = server("b", shared)) {
                HttpResponse<String> approved =
                        b.post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\",\"comment\":\"via B\"}");
                assertEquals(202, approved.statusCode(), "B forwards to A, which drives it: " + approved.body());
                until(a, id, fi -> fi.get("status").asText().equals("ok"), "ok, driven by A");
                String history = a.get("/api/flow-instances/" + id).body();
                assertTrue(history.contains("via B"), history);
            }
        }
    }

    @Test
    void stop_ofTheServerDrivingFlows_livingServerTakesThemOver() throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        try (TestServer b = server("b", shared)) {
            String paused;
            String running;
            try (TestServer a = server("a", shared)) {
                paused = json(a.post("/api/flows/hold.flow.yaml/start", ""), 201)
                        .get("id")
                        .asText();
                running = json(a.post("/api/flows/slow.flow.yaml/start", ""), 201)
                        .get("id")
                        .asText();
                until(a, paused, fi -> fi.get("status").asText().equals("paused"), "paused");
                until(a, running, fi -> node(fi, "wait").get("status").asText().equals("running"), "running");
            }
            // A stopped: its running node's process ended with it; B takes both over at one of its next beats
            until(b, running, fi -> node(fi, "wait").get("status").asText().equals("interrupted"), "interrupted");
            until(b, paused, fi -> fi.get("status").asText().equals("paused"), "still paused");
            HttpResponse<String> approved = b.post(
                    "/api/flow-instances/" + paused + "/approve", "{\"nodeId\":\"gate\",\"comment\":\"after A\"}");
            assertEquals(200, approved.statusCode(), "B drives it now: " + approved.body());
            until(b, paused, fi -> fi.get("status").asText().equals("ok"), "ok, driven by B");
        }
    }

    /**
     * A runbook node runs the text its instance was started with: B, taking over A's paused flow while its runbooks
     * folder holds another version of the node's runbook (a deployment rolling out), runs A's (before, B's file).
     */
    @Test
    void approve_afterTakeOverOnAServerWithAnotherVersion_runsTheTextTheFlowStartedWith() throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        try (TestServer b = server("b", shared)) {
            b.write("say.md", "# Say\n\n```sh {#s}\necho other-version >> \"$HOME/said\"\n```\n");
            String paused;
            try (TestServer a = server("a", shared)) {
                a.write("say.md", "# Say\n\n```sh {#s}\necho started-version >> \"$HOME/said\"\n```\n");
                paused = json(a.post("/api/flows/hold.flow.yaml/start", ""), 201)
                        .get("id")
                        .asText();
                until(a, paused, fi -> fi.get("status").asText().equals("paused"), "paused");
            }
            String me = b.server.node().orElseThrow().name();
            Await.until(() -> me.equals(owner(b, paused)), "B took the instance over");
            HttpResponse<String> approved = b.post(
                    "/api/flow-instances/" + paused + "/approve", "{\"nodeId\":\"gate\",\"comment\":\"after A\"}");
            assertEquals(200, approved.statusCode(), approved.body());
            until(b, paused, fi -> fi.get("status").asText().equals("ok"), "ok, driven by B");
            List<String> said = new ArrayList<>();
            try (Stream<Path> files = Files.walk(b.data.resolve("work"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("said"))
                        .toList()) {
                    said.addAll(Files.readAllLines(f));
                }
            }
            assertEquals(List.of("started-version"), said);
        }
    }

    private static String owner(TestServer ts, String instance) {
        return ts.cmdb.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT owner FROM flow_instance WHERE id = ?")) {
                ps.setString(1, instance);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
