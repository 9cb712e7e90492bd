package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@code POST /api/runs {"preview": true}}: the cell's text as it would run, in evidence; nothing ran. */
@ExtendWith(CellsUnsandboxed.class)
class PreviewApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    Path made;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        made = temp.resolve("made");
        t.write("mk.md", "```sh {#mk}\ntouch " + made + "\n```\n");
    }

    String ended(HttpResponse<String> started) throws Exception {
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        Await.until(
                () -> JSON.readTree(t.get("/api/runs/" + runId).body())
                        .path("status")
                        .asText()
                        .equals("OK"),
                "run " + runId + " ends OK");
        return runId;
    }

    @Test
    void preview_showsTheCell_createsNothing_aRealRunDoes() throws Exception {
        String preview = ended(t.post("/api/runs", "{\"runbook\":\"mk.md\",\"preview\":true}"));

        String shown = t.get("/api/runs/" + preview + "/cells/mk/stdout").body();
        assertTrue(shown.startsWith("preview: not run"), shown);
        assertTrue(shown.contains("touch " + made), shown);
        assertFalse(Files.exists(made), "the preview ran nothing");

        ended(t.post("/api/runs", "{\"runbook\":\"mk.md\"}"));
        assertTrue(Files.exists(made), "the control: a real run does");
    }
}
