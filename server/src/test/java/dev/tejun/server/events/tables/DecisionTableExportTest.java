package dev.tejun.server.events.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code GET /api/rules/export}: a rules file as a decision-table sheet that imports back to the same rules. */
class DecisionTableExportTest {

    private static final String RULES = """
            hit: all
            route:
              source: { in: [zabbix, grafana] }
            rules:
              - name: hot-web
                when:
                  labels.alertname: DiskFull
                  labels.severity: { in: [critical, major] }
                  labels.instance: { regex: "web-\\\\d+" }
                  annotations.value: { gt: 90 }
                run: cool.md
                params: { host: "${labels.instance}" }
                limit: { runs: 2, per: 10m, key: "${labels.instance}" }
                action-limit: { runs: 3, per: 1h }
                hold: true
              - name: other
                status: any
                when: { labels.env: { not: dev } }
                run: generic.md
              - name: flapping
                when: { labels.alertname: ProbeFlap }
                ignore: true
              - name: tell-only
                when: { labels.alertname: DiskSlow }
                notify: true
            """;

    @Served
    private TestServer ts;

    private HttpResponse<byte[]> export(String file) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ts.server.baseUrl() + "/api/rules/export?file=" + file))
                                .header("Authorization", "Bearer " + ts.token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Every leaf of a rules file by its path, as text: what the rules say, whatever the YAML's layout ({@code x: v}
     * and {@code x: { equals: v }} are one test).
     */
    private static Map<String, String> leaves(String yaml) throws Exception {
        Map<String, String> out = new TreeMap<>();
        flatten("", Json.YAML.readTree(yaml), out);
        return out;
    }

    private static void flatten(String at, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.properties().forEach(p -> flatten(at + "/" + p.getKey(), p.getValue(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(at + "/" + i, n.get(i), out);
            }
        } else {
            out.put(at.replaceFirst("/equals$", ""), n.asText());
        }
    }

    @Test
    void export_thenImport_givesTheSameRules() throws Exception {
        ts.write("rules/ops.yaml", RULES);

        HttpResponse<byte[]> workbook = export("rules/ops.yaml");

        assertEquals(200, workbook.statusCode(), new String(workbook.body()));
        HttpResponse<String> back = ts.postBytes("/api/rules/import", DecisionTableImportTest.XLSX, workbook.body());
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(leaves(RULES), leaves(Files.readString(ts.runbooks.resolve("rules/ops.yaml"))));
    }

    @Test
    void export_ruleWithCorrelateOrBetween_refusedNamingEachPlace() throws Exception {
        ts.write("rules/c.yaml", """
                rules:
                  - name: rack-down
                    when: { labels.alertname: NodeDown, annotations.load: { between: [1, 5] } }
                    correlate: { count: 3, within: 5m, by: "${labels.group}" }
                    run: evacuate.md
                """);

        HttpResponse<byte[]> r = export("rules/c.yaml");

        String body = new String(r.body());
        assertEquals(400, r.statusCode(), body);
        assertTrue(body.contains("rule rack-down: a decision table has no column for correlate"), body);
        assertTrue(body.contains("annotations.load uses between"), body);
    }

    @Test
    void export_badOrMissingFile_400And404() throws Exception {
        assertEquals(400, export("../tejun.yaml").statusCode());
        assertEquals(404, export("rules/none.yaml").statusCode());
    }
}
