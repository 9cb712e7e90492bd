package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome history (event → rule → action → result): filtered as JSON, exported as CSV and Excel for training
 * data, and counted per rule and per time bucket for the Events page's chart.
 */
@ExtendWith(CellsUnsandboxed.class)
class EventHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        ts.write("fix.md", "```sh\ntrue\n```\n");
        ts.write("broken.md", "```sh\nexit 3\n```\n");
        ts.write("rules/ops.yaml", """
                rules:
                  - name: fix-disk
                    when: { labels.alertname: DiskFull }
                    run: fix.md
                  - name: fix-cpu
                    when: { labels.alertname: CpuHot }
                    run: broken.md
                """);
        ts.activateRule("rules/ops.yaml#fix-disk");
        ts.activateRule("rules/ops.yaml#fix-cpu");
        post("DiskFull", "web-1");
        post("DiskFull", "web-2");
        post("CpuHot", "db-1");
        post("=cmd|' /C calc'!A0", "x"); // no rule: and a label a spreadsheet would run as a formula
        Await.until(
                () -> history("").stream()
                        .filter(e -> "run".equals(e.path("decision").asText()))
                        .allMatch(e -> !e.path("run_status").isNull()),
                "the three runs ended");
    }

    private void post(String alert, String host) throws Exception {
        HttpResponse<String> r = ts.post(
                "/api/events",
                "{\"source\":\"probe\",\"labels\":{\"alertname\":\"" + alert.replace("\"", "\\\"") + "\",\"host\":\""
                        + host + "\"}}");
        assertEquals(202, r.statusCode(), r.body());
    }

    private List<JsonNode> history(String query) throws Exception {
        HttpResponse<String> r = ts.get("/api/events/history" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).get("events").forEach(out::add);
        return out;
    }

    @Test
    void history_oldestFirst_eachEventWithRuleActionAndResult_filtersNarrowIt() throws Exception {
        List<JsonNode> all = history("");
        assertEquals(4, all.size());
        assertTrue(all.get(0).path("id").asLong() < all.get(3).path("id").asLong(), "oldest first");
        JsonNode cpu = all.get(2);
        assertEquals("rules/ops.yaml#fix-cpu", cpu.path("rule").asText());
        assertEquals("broken.md", cpu.path("target").asText());
        assertEquals("failed", cpu.path("run_status").asText(), cpu.toString());
        assertEquals("no-match", all.get(3).path("decision").asText());

        assertEquals(2, history("?rule=rules/ops.yaml%23fix-disk").size());
        assertEquals(1, history("?decision=no-match").size());
        assertEquals(2, history("?limit=2").size());
        assertEquals(0, history("?from=2999-01-01").size());
        assertEquals(4, history("?from=2000-01-01&to=2999-01-01T00:00:00Z").size());
        HttpResponse<String> bad = ts.get("/api/events/history?from=yesterday");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("from must be a date"), bad.body());
    }

    @Test
    void csvAndExcel_everyRow_aFormulaLabelStaysText() throws Exception {
        String csv = ts.get("/api/events/history?format=csv").body();
        List<String> lines = csv.lines().toList();
        assertEquals(5, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("id,received_at,source,status,labels,"), lines.get(0));
        assertTrue(csv.contains("\"rules/ops.yaml#fix-cpu\""), csv);
        // the label sits inside the labels' JSON, which starts with {; a field starting with = would be quoted '
        assertTrue(!csv.contains(",\"=cmd"), csv);

        HttpResponse<byte[]> x = ts.getBytes("/api/events/history.xlsx?decision=run");
        assertEquals(200, x.statusCode());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(x.body()))) {
            Sheet s = wb.getSheetAt(0);
            assertEquals(3, s.getLastRowNum(), "a heading and three runs");
            assertEquals("decision", s.getRow(0).getCell(7).getStringCellValue());
            assertEquals("run", s.getRow(1).getCell(7).getStringCellValue());
        }
    }

    @Test
    void stats_hitsPerRule_andEventsPerBucket() throws Exception {
        JsonNode stats = JSON.readTree(ts.get("/api/events/stats?bucket=minute").body());
        JsonNode disk = stats.path("rules").get(0);
        assertEquals("rules/ops.yaml#fix-disk", disk.path("rule").asText(), stats.toString());
        assertEquals(2, disk.path("hits").asLong());
        assertEquals(2, disk.path("ok").asLong());
        JsonNode cpu = stats.path("rules").get(1);
        assertEquals(1, cpu.path("failed").asLong(), stats.toString());
        long events = 0;
        long actions = 0;
        for (JsonNode b : stats.path("buckets")) {
            assertTrue(b.path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d"), b.toString());
            events += b.path("events").asLong();
            actions += b.path("actions").asLong();
        }
        assertEquals(4, events);
        assertEquals(3, actions);
        assertEquals(400, ts.get("/api/events/stats?bucket=week").statusCode());
    }

    @Test
    void aViewerReadsTheHistory_nobodySignedInDoesNot() throws Exception {
        String viewer = ts.userWith("watcher", Role.VIEWER);
        assertEquals(200, ts.as(viewer, "GET", "/api/events/history", null).statusCode());
        assertEquals(200, ts.as(viewer, "GET", "/api/events/stats", null).statusCode());
        assertEquals(
                401,
                ts.send("GET", "/api/events/history", null, java.util.Map.of()).statusCode());
    }
}
