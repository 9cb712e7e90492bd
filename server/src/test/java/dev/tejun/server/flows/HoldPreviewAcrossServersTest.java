package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.AcrossTwoServers;
import dev.tejun.server.fixtures.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The preview of what follows a hold point is kept where every server reads it (the shared database), not only on
 * the disk of the server that made it: asked of the other server, it is ready too (it answered {@code none}).
 */
class HoldPreviewAcrossServersTest extends AcrossTwoServers {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void write() throws Exception {
        a.write("say.md", "# Say\n\n```sh {#s}\necho said\n```\n");
        a.write("hold.flow.yaml", """
                nodes:
                  - { id: gate, type: pause, message: "go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: end }
                  - { id: end, type: end }
                """);
    }

    @Test
    void holdPreview_madeByA_isReadyWhenAskedOfB() throws Exception {
        String id = json(a.post("/api/flows/hold.flow.yaml/start", ""), 201)
                .get("id")
                .asText();
        until(b, id, fi -> fi.get("status").asText().equals("paused"), "paused, as B reads it");
        String path = "/api/flow-instances/" + id + "/holds/gate/preview";
        Await.until(
                () -> JSON.readTree(a.get(path).body()).path("state").asText().equals("ready"), "A made the preview");

        HttpResponse<String> fromB = b.get(path);
        assertEquals(200, fromB.statusCode(), fromB.body());
        JsonNode p = JSON.readTree(fromB.body());
        assertEquals("ready", p.path("state").asText(), fromB.body());
        assertTrue(fromB.body().contains("say.md"), "the node that follows, from B: " + fromB.body());
        assertFalse(
                Files.exists(b.data.resolve("evidence/holds/" + id + "/gate.json")),
                "B has no copy of its own: it read the shared one");
    }
}
