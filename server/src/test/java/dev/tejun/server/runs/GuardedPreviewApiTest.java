package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews meet the guard rails without being held by them (issue 23): a runbook preview while its lock is held ends
 * at once and names the holder; a flow start with {@code preview: true} shows every node during a freeze and starts
 * nothing.
 */
@ExtendWith(CellsUnsandboxed.class)
class GuardedPreviewApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    private TestServer t;

    private Path made;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        made = temp.resolve("made");
        t.write("hold.md", "---\nlocks: [db:main]\n---\n```sh\nsleep 30\n```\n");
        t.write(
                "mk.md",
                "---\nparams:\n  db: { default: x }\nlocks: [\"db:${params.db}\"]\n---\n" + "```sh {#mk}\ntouch " + made
                        + "-${params.db}\n```\n");
        t.write("calendars/freeze.yaml", "type: block\nwindows:\n  - { from: 2000-01-01, to: 2999-01-01 }\n");
        t.write("f.flow.yaml", """
                params:
                  db: { default: main }
                locks: ["env:${params.db}"]
                blackouts: [freeze]
                nodes:
                  - { id: one, type: runbook, runbook: mk.md, params: { db: "${params.db}" }, next: done }
                  - { id: done, type: end }
                """);
    }

    private String status(String runId) throws Exception {
        return JSON.readTree(t.get("/api/runs/" + runId).body()).path("status").asText();
    }

    @Test
    void previewRun_whileItsLockIsHeld_endsAndNamesTheHolder() throws Exception {
        HttpResponse<String> held = t.post("/api/runs", "{\"runbook\":\"hold.md\"}");
        String holder = JSON.readTree(held.body()).path("runId").asText();
        Await.until(
                () -> !JSON.readTree(t.get("/api/locks").body()).path("held").isEmpty(), "hold.md holds db:main");

        HttpResponse<String> r =
                t.post("/api/runs", "{\"runbook\":\"mk.md\",\"params\":{\"db\":\"main\"},\"preview\":true}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        JsonNode lock = answer.path("locks").get(0);
        assertEquals("db:main", lock.path("name").asText());
        assertEquals("run", lock.path("scope").asText());
        assertTrue(lock.path("held").asText().contains(holder), answer.toString());
        String preview = answer.path("runId").asText();
        // not queued behind hold.md's 30 s: it ends while the lock is still held
        Await.until(() -> status(preview).equals("OK"), "the preview ends");
        assertEquals("RUNNING", status(holder));
        assertFalse(Files.exists(temp.resolve("made-main")));
        t.post("/api/runs/" + holder + "/stop", "");
    }

    @Test
    void previewFlow_duringAFreeze_showsEveryNodeAndStartsNothing() throws Exception {
        HttpResponse<String> r =
                t.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"},\"preview\":true}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = JSON.readTree(r.body());
        assertEquals("env:orders", p.path("locks").get(0).path("name").asText());
        assertFalse(p.path("windows").get(0).path("open").asBoolean(), p.toString());
        JsonNode one = p.path("nodes").get(0);
        assertEquals("mk.md", one.path("target").asText());
        assertEquals("orders", one.path("params").path("db").asText());
        assertEquals("db:orders", one.path("locks").get(0).path("name").asText());
        String shown = one.path("cells").get(0).path("output").asText();
        assertTrue(shown.startsWith("preview: not run"), shown);
        assertTrue(shown.contains("made-"), shown);
        assertFalse(Files.exists(temp.resolve("made-orders")), "the preview ran nothing");
        assertEquals(0, JSON.readTree(t.get("/api/flow-instances").body()).size(), "no instance started");

        // the control: a real start during the freeze is refused by its windows
        assertEquals(
                409,
                t.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"}}")
                        .statusCode());
    }
}
