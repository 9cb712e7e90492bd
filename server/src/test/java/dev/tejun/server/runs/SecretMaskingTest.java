package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A secret a run was given (a {@code secret: true} param) never reaches the browser or evidence in clear; a secret it
 * was not given (a CMDB SECRET column) is not masked either, so that masking tells a cell nothing about a guess.
 */
class SecretMaskingTest {

    static final String PARAM_SECRET = "Xv7-deploy-token-of-run";
    static final String CMDB_SECRET = "Zq9-admin-pw-of-web1";

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.cmdb.putSheet(
                SheetDef.host("web", "web servers", ColumnDef.of("admin_password", ColumnType.SECRET)), Actor.SYSTEM);
        t.cmdb.register("hosts", RowDraft.host("web1", Map.of("address", "10.0.0.1")), Actor.SYSTEM);
        t.cmdb.register("web", RowDraft.host("web1", Map.of("admin_password", CMDB_SECRET)), Actor.SYSTEM);
        t.write("leak.md", """
                ---
                params:
                  token: { secret: true }
                ---
                # Leak

                ```sh {#whole}
                echo "tk=${params.token}"
                ```

                ```sh {#halves}
                t=${params.token}; printf 'tk=%s' "${t%-of-run}"; sleep 0.3; printf '%s done\\n' "-of-run"
                ```

                ```sh {#guesses}
                echo "right=GUESS wrong=Zq9-admin-pw-of-web2"
                ```
                """.replace("GUESS", CMDB_SECRET));
    }

    @Test
    void shellCell_printingItsSecretParam_isMaskedInEventsAndEvidence() throws Exception {
        List<JsonNode> events = runAll();
        assertFalse(events.toString().contains(PARAM_SECRET), events.toString());
        assertEquals("tk=********\n", output(events, "whole"));
        assertEquals("tk=******** done\n", output(events, "halves"));
        assertTrue(
                events.stream()
                                .filter(e -> "halves".equals(e.path("cellId").asText())
                                        && e.path("type").asText().equals("cell-output"))
                                .count()
                        >= 2,
                "the first half was passed on before the second came: " + events);

        byte[] secret = PARAM_SECRET.getBytes(StandardCharsets.UTF_8);
        int files = 0;
        try (Stream<Path> all = Files.walk(t.data.resolve("evidence"))) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files++;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(new String(secret, StandardCharsets.ISO_8859_1)), f.toString());
            }
        }
        assertTrue(files > 3, "evidence was written");
    }

    @Test
    void shellCell_printingGuessesOfACmdbSecret_cannotTellTheRightOneByTheMask() throws Exception {
        List<JsonNode> events = runAll();
        // Before, every CMDB secret was masked in every cell: "right=******** wrong=Zq9-…2" answered the guess.
        assertEquals("right=" + CMDB_SECRET + " wrong=Zq9-admin-pw-of-web2\n", output(events, "guesses"));
    }

    private List<JsonNode> runAll() throws Exception {
        try (WsClient ws = t.connect("leak.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"r\",\"params\":{\"token\":\"" + PARAM_SECRET + "\"}}");
            String runId = ws.next("accepted").path("runId").asText();
            return ws.eventsUntil(WsClient.runFinished(runId));
        }
    }

    private static String output(List<JsonNode> events, String cellId) {
        StringBuilder b = new StringBuilder();
        for (JsonNode e : events) {
            if (cellId.equals(e.path("cellId").asText())
                    && e.path("type").asText().equals("cell-output")) {
                b.append(e.path("text").asText());
            }
        }
        return b.toString();
    }
}
