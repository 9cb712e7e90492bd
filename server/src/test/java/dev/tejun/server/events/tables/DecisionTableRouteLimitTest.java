package dev.tejun.server.events.tables;

import static dev.tejun.server.events.tables.DecisionTableImportTest.XLSX;
import static dev.tejun.server.events.tables.DecisionTableImportTest.row;
import static dev.tejun.server.events.tables.DecisionTableImportTest.workbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A decision table's route columns (the sheet's one route), its hit policy column and its limit and action-limit
 * columns.
 */
class DecisionTableRouteLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    private JsonNode dryRun(String labels) throws Exception {
        HttpResponse<String> r = ts.post(
                "/api/events/dry-run", "{\"source\":\"zabbix\",\"status\":\"firing\",\"labels\":" + labels + "}");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    @Test
    void import_routeAndLimitColumns_routeKeepsOtherEventsOutAndLimitsAreWritten() throws Exception {
        byte[] xlsx = workbook(new Object[] {
            "prod",
            row("name", "route labels.env =", "labels.alertname =", "runbook", "limit", "action-limit"),
            row("disk", "prod", "DiskFull", "disk.md", "2/10m ${labels.host}", "3/1h"),
            row("node", null, "NodeDown", "node.md", null, null)
        });

        HttpResponse<String> r = ts.postBytes("/api/rules/import", XLSX, xlsx);

        assertEquals(200, r.statusCode(), r.body());
        String yaml = Files.readString(ts.runbooks.resolve("rules/prod.yaml"));
        RuleFiles.Parsed parsed = RuleFiles.parse("rules/prod.yaml", yaml);
        assertEquals(2, parsed.rules().size(), yaml + parsed.problems());
        var disk = parsed.rules().getFirst();
        assertEquals(3, disk.actionLimit().runs(), yaml);
        assertEquals(java.time.Duration.ofHours(1), disk.actionLimit().per());
        assertEquals(2, disk.limit().runs());
        assertEquals("${labels.host}", disk.limit().key());
        assertTrue(yaml.contains("route:"), yaml);
        assertEquals(
                200,
                ts.post("/api/rules/stage", "{\"file\":\"rules/prod.yaml\",\"stage\":\"production\"}")
                        .statusCode());
        // the route is the sheet's: the row that left it empty is routed too
        assertEquals(
                "rules/prod.yaml#node",
                dryRun("{\"alertname\":\"NodeDown\",\"env\":\"prod\"}")
                        .get("rule")
                        .asText());
        assertEquals(
                "no-match",
                dryRun("{\"alertname\":\"NodeDown\",\"env\":\"dev\"}")
                        .get("decision")
                        .asText());
    }

    @Test
    void import_badRouteAndLimitCells_eachNamedByCellAndNothingWritten() throws Exception {
        byte[] xlsx = workbook(new Object[] {
            "prod",
            row("name", "route labels.env =", "runbook", "limit", "action-limit"),
            row("a", "prod", "a.md", "twice", null),
            row("b", "staging", "b.md", null, "3/1h ${labels.host}"),
            row("c", null, "c.md", null, "3 per hour")
        });

        HttpResponse<String> r = ts.postBytes("/api/rules/import", XLSX, xlsx);

        assertEquals(400, r.statusCode(), r.body());
        String all = r.body();
        assertTrue(all.contains("\"column\":\"D\",\"message\":\"limit 'twice' is not RUNS/PER, e.g. 2/10m\""), all);
        assertTrue(all.contains("\"row\":3,\"column\":\"B\",\"message\":\"route labels.env is 'staging' here"), all);
        assertTrue(all.contains("\"row\":3,\"column\":\"E\",\"message\":\"action-limit counts every run"), all);
        assertTrue(all.contains("\"row\":4,\"column\":\"E\",\"message\":\"action-limit '3 per hour'"), all);
        assertFalse(Files.exists(ts.runbooks.resolve("rules/prod.yaml")), "nothing is half-applied");
    }

    @Test
    void import_hitColumn_everyMatchingRowActs_andDisagreeingRowsAreNamed() throws Exception {
        byte[] xlsx = workbook(new Object[] {
            "disk",
            row("name", "ヒットポリシー", "labels.alertname =", "runbook"),
            row("page", "すべて", "DiskFull", "page.md"),
            row("clean", null, "DiskFull", "clean.md")
        });
        assertEquals(200, ts.postBytes("/api/rules/import", XLSX, xlsx).statusCode());
        String yaml = Files.readString(ts.runbooks.resolve("rules/disk.yaml"));
        assertTrue(yaml.contains("hit: all"), yaml);
        ts.post("/api/rules/stage", "{\"file\":\"rules/disk.yaml\",\"stage\":\"production\"}");
        HttpResponse<String> r = ts.post(
                "/api/events/dry-run",
                "{\"source\":\"zabbix\",\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\"}}");
        JsonNode events = JSON.readTree(r.body()).get("events");
        assertEquals(2, events.size(), r.body());
        assertEquals("rules/disk.yaml#page", events.get(0).get("rule").asText());
        assertEquals("rules/disk.yaml#clean", events.get(1).get("rule").asText());

        byte[] bad = workbook(new Object[] {
            "mixed",
            row("name", "hit", "runbook"),
            row("a", "all", "a.md"),
            row("b", "first", "b.md"),
            row("c", "some", "c.md")
        });
        HttpResponse<String> refused = ts.postBytes("/api/rules/import", XLSX, bad);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(
                refused.body().contains("\"row\":3,\"column\":\"B\",\"message\":\"hit is 'first' here"),
                refused.body());
        assertTrue(
                refused.body().contains("\"row\":4,\"column\":\"B\",\"message\":\"hit 'some' is not first or all"),
                refused.body());
        assertFalse(Files.exists(ts.runbooks.resolve("rules/mixed.yaml")), "nothing is half-applied");
    }
}
