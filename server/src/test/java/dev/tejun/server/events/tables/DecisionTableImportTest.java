package dev.tejun.server.events.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * A decision-table workbook built here with POI is uploaded: its sheets become rules files whose rows decide events
 * (each operator, priority order, params from the event), and a workbook with bad cells is refused whole with every
 * problem by sheet, row and column.
 */
public class DecisionTableImportTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    /** A workbook of sheets, each a list of rows, each a list of cells (String or Number; null for empty). */
    public static byte[] workbook(Object[]... sheets) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Object[] sheet : sheets) {
                Sheet s = wb.createSheet((String) sheet[0]);
                for (int r = 1; r < sheet.length; r++) {
                    Row row = s.createRow(r - 1);
                    Object[] cells = (Object[]) sheet[r];
                    for (int c = 0; c < cells.length; c++) {
                        if (cells[c] instanceof Number n) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        } else if (cells[c] != null) {
                            row.createCell(c).setCellValue((String) cells[c]);
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    public static Object[] row(Object... cells) {
        return cells;
    }

    private HttpResponse<String> upload(byte[] xlsx) throws Exception {
        return ts.postBytes("/api/rules/import", XLSX, xlsx);
    }

    /** An imported rule set starts as a draft; the tests here decide with it in production. */
    private void promote(String file) throws Exception {
        HttpResponse<String> r = ts.post("/api/rules/stage", "{\"file\":\"" + file + "\",\"stage\":\"production\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private JsonNode dryRun(String labels, String annotations) throws Exception {
        HttpResponse<String> r = ts.post(
                "/api/events/dry-run",
                "{\"source\":\"test\",\"status\":\"firing\",\"labels\":" + labels + ",\"annotations\":" + annotations
                        + "}");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    @Test
    void import_englishHeaders_rulesFileWrittenAndEachOperatorDecides() throws Exception {
        byte[] xlsx = workbook(new Object[] {
            "ops",
            row(
                    "name",
                    "priority",
                    "labels.alertname =",
                    "labels.severity in",
                    "labels.instance regex",
                    "annotations.value >",
                    "annotations.value <",
                    "annotations.summary contains",
                    "runbook",
                    "param.host"),
            row("disk-low", 20, "DiskFull", null, null, null, 10, null, "disk.md", "${labels.instance}"),
            row("hot-web", 10, null, "critical,major", "web-\\d+", 90, null, null, "cool.md", "${labels.instance}"),
            row("catch-disk", 30, null, null, null, null, null, "disk", "generic.md", null)
        });

        HttpResponse<String> r = upload(xlsx);

        assertEquals(200, r.statusCode(), r.body());
        promote("rules/ops.yaml");
        assertEquals(
                3, JSON.readTree(r.body()).get("files").get("rules/ops.yaml").asInt());
        assertTrue(Files.readString(ts.runbooks.resolve("rules/ops.yaml")).contains("name: hot-web"));
        ts.write("cool.md", "# Cool\n");
        ts.activateRule("rules/ops.yaml#hot-web");
        // in, regex, > (priority 10 is tried before 20); its param filled from the event
        JsonNode hot = dryRun(
                "{\"alertname\":\"DiskFull\",\"severity\":\"major\",\"instance\":\"web-3\"}", "{\"value\":\"95\"}");
        assertEquals("rules/ops.yaml#hot-web", hot.get("rule").asText(), hot.toString());
        assertEquals("web-3", hot.get("params").get("host").asText());
        // = and <
        assertEquals(
                "rules/ops.yaml#disk-low",
                dryRun("{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"}", "{\"value\":\"5\"}")
                        .get("rule")
                        .asText());
        // contains
        assertEquals(
                "rules/ops.yaml#catch-disk",
                dryRun("{\"alertname\":\"Other\"}", "{\"summary\":\"/var: disk almost full\"}")
                        .get("rule")
                        .asText());
        assertEquals(
                "no-match",
                dryRun("{\"alertname\":\"Other\"}", "{\"summary\":\"cpu\"}")
                        .get("decision")
                        .asText());
    }

    @Test
    void import_japaneseHeaders_accepted() throws Exception {
        byte[] xlsx = workbook(new Object[] {
            "運用",
            row("ルール名", "優先度", "labels.alertname 等しい", "labels.env 等しくない", "ランブック", "パラメータ.host"),
            row("ノード停止", 1, "NodeDown", "dev", "node.md", "${labels.host}")
        });

        HttpResponse<String> r = upload(xlsx);

        assertEquals(200, r.statusCode(), r.body());
        promote("rules/運用.yaml");
        JsonNode hit = dryRun("{\"alertname\":\"NodeDown\",\"env\":\"prod\",\"host\":\"n1\"}", "{}");
        assertEquals("rules/運用.yaml#ノード停止", hit.get("rule").asText(), hit.toString());
        assertEquals(
                "no-match",
                dryRun("{\"alertname\":\"NodeDown\",\"env\":\"dev\"}", "{}")
                        .get("decision")
                        .asText());
    }

    @Test
    void import_badCells_everyProblemBySheetRowColumnAndNothingWritten() throws Exception {
        byte[] xlsx = workbook(
                new Object[] {"good", row("name", "labels.alertname =", "runbook"), row("fine", "A", "a.md")},
                new Object[] {
                    "bad",
                    row("name", "priority", "labels.instance regex", "annotations.value >", "runbook", "weird col"),
                    row("r1", "first", "web-(", "ninety", "a.md"),
                    row(null, 2, null, null, null),
                    row("r3", 3, null, null, "a.md")
                });

        HttpResponse<String> r = upload(xlsx);

        assertEquals(400, r.statusCode(), r.body());
        List<String> problems = new ArrayList<>();
        JSON.readTree(r.body())
                .get("problems")
                .forEach(p -> problems.add(
                        p.get("sheet").asText() + "!" + p.get("column").asText()
                                + p.get("row").asInt() + " " + p.get("message").asText()));
        String all = String.join("\n", problems);
        assertTrue(all.contains("bad!F1 column 'weird col'"), all);
        assertTrue(all.contains("bad!B2 priority 'first' is not a whole number"), all);
        assertTrue(all.contains("bad!D2 'ninety' is not a number"), all);
        assertTrue(all.contains("bad!A3 the rule has no name"), all);
        assertTrue(all.contains("bad!E3 the rule names no runbook"), all);
        assertFalse(Files.exists(ts.runbooks.resolve("rules/good.yaml")), "nothing is half-applied");

        // the regex is checked by the rules file's own checks, once the cells are otherwise right
        HttpResponse<String> regex = upload(workbook(
                new Object[] {"bad", row("name", "labels.instance regex", "runbook"), row("r1", "web-(", "a.md")}));
        assertEquals(400, regex.statusCode());
        JsonNode p = JSON.readTree(regex.body()).get("problems").get(0);
        assertEquals("B", p.get("column").asText(), p.toString());
        assertEquals(2, p.get("row").asInt());
        assertTrue(p.get("message").asText().contains("bad regex"), p.toString());
    }

    @Test
    void import_notAWorkbook_400() throws Exception {
        HttpResponse<String> r = ts.postBytes("/api/rules/import", XLSX, "hello".getBytes());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("not a readable .xlsx"), r.body());
    }
}
