package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clear value of a CMDB SECRET column, printed by a cell, never reaches the browser or evidence. */
class CmdbSecretMaskingTest {

    static final String SECRET = "Zq9-admin-pw-of-web1";

    @TempDir
    Path temp;
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        t.cmdb.putSheet(SheetDef.host("web", "web servers", ColumnDef.of("admin_password", ColumnType.SECRET)),
                Actor.SYSTEM);
        t.cmdb.register("hosts", RowDraft.host("web1", Map.of("address", "10.0.0.1")), Actor.SYSTEM);
        t.cmdb.register("web", RowDraft.host("web1", Map.of("admin_password", SECRET)), Actor.SYSTEM);
        // The back door: the test knows the value and writes it into the script; a real leak would come from a
        // file, an environment variable or a tool's debug output.
        t.write("leak.md", """
                # Leak

                ```sh {#whole}
                echo "pw=%s"
                ```

                ```sh {#halves}
                printf 'pw=%s'; sleep 0.3; printf '%s done\\n'
                ```
                """.formatted(SECRET, SECRET.substring(0, 7), SECRET.substring(7)));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void shellCell_printingASecretColumnValue_isMaskedInEventsAndEvidence() throws Exception {
        List<JsonNode> events;
        try (WsClient ws = t.connect("leak.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"r\"}");
            String runId = ws.next("accepted").path("runId").asText();
            events = ws.eventsUntil(WsClient.runFinished(runId));
        }
        assertFalse(events.toString().contains(SECRET), events.toString());
        assertEquals("pw=********\n", output(events, "whole"));
        assertEquals("pw=******** done\n", output(events, "halves"));
        assertTrue(events.stream().filter(e -> "halves".equals(e.path("cellId").asText())
                && e.path("type").asText().equals("cell-output")).count() >= 2,
                "the first half was passed on before the second came: " + events);

        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        int files = 0;
        try (Stream<Path> all = Files.walk(t.data.resolve("evidence"))) {
            // runbook.md is the file as the author wrote it (kept byte for byte for its hash): the back door is there
            for (Path f : all.filter(Files::isRegularFile).filter(f -> !f.endsWith("runbook.md")).toList()) {
                files++;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(new String(secret, StandardCharsets.ISO_8859_1)), f.toString());
            }
        }
        assertTrue(files > 3, "evidence was written");
    }

    private static String output(List<JsonNode> events, String cellId) {
        StringBuilder b = new StringBuilder();
        for (JsonNode e : events) {
            if (cellId.equals(e.path("cellId").asText()) && e.path("type").asText().equals("cell-output")) {
                b.append(e.path("text").asText());
            }
        }
        return b.toString();
    }
}
