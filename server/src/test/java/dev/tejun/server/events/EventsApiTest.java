package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class EventsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Path markers;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        markers = Files.createDirectories(tmp.resolve("markers"));
        ts.write("restart.md", """
                ---
                params:
                  host: { }
                ---
                ```sh
                echo restarted >> %s/${params.host}
                ```
                """.formatted(markers));
        ts.write("note.md", """
                ---
                params:
                  host: { }
                ---
                ```sh
                echo resolved >> %s/resolved-${params.host}
                ```
                """.formatted(markers));
        ts.write("rules/ops.yaml", """
                rules:
                  - name: restart-exporter
                    when:
                      labels.alertname: ExporterDown
                      labels.instance: { regex: "web-\\\\d+" }
                    run: restart.md
                    params: { host: "${labels.instance}" }
                    limit: { runs: 1, per: 1h, key: "${labels.instance}" }
                  - name: note-resolved
                    status: resolved
                    when: { labels.alertname: ExporterDown }
                    run: note.md
                    params: { host: "${labels.instance}" }
                """);
        ts.activateRule("rules/ops.yaml#restart-exporter");
        ts.activateRule("rules/ops.yaml#note-resolved");
    }

    private static String alertmanager(String... alerts) {
        return """
                {"version":"4","groupKey":"g","status":"firing","receiver":"tejun","groupLabels":{},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","alerts":[%s]}""".formatted(String.join(",", alerts));
    }

    private static String alert(String status, String instance) {
        return """
                {"status":"%s","labels":{"alertname":"ExporterDown","instance":"%s"},"annotations":{},
                 "startsAt":"2025-06-02T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"f-%s"}""".formatted(status, instance, instance);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return ts.post(path, json);
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(ts.get("/api/events").body()).get("events").forEach(out::add);
        return out;
    }

    /** Waits (bounded) until every event that was chosen to run has a finished run. */
    private List<JsonNode> awaitRuns() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            List<JsonNode> all = events();
            if (all.stream()
                    .filter(e -> e.get("decision").asText().equals("run"))
                    .allMatch(e -> !e.get("runStatus").isNull())) {
                return all;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("runs did not finish: " + events());
    }

    @Test
    void POST_events_alertmanagerFiringAndResolved_runsMatchingRunbooks() throws Exception {
        HttpResponse<String> r = post(
                "/api/events",
                alertmanager(
                        alert("firing", "web-1"),
                        alert("firing", "web-2"),
                        alert("resolved", "web-3"),
                        alert("firing", "db-1")));
        assertEquals(202, r.statusCode(), r.body());
        JsonNode outcomes = JSON.readTree(r.body()).get("events");
        assertEquals(
                List.of("run", "run", "run", "no-match"),
                List.of(
                        outcomes.get(0).get("decision").asText(),
                                outcomes.get(1).get("decision").asText(),
                        outcomes.get(2).get("decision").asText(),
                                outcomes.get(3).get("decision").asText()));
        List<JsonNode> rows = awaitRuns();
        assertEquals(4, rows.size());
        assertEquals("restarted\n", Files.readString(markers.resolve("web-1")));
        assertEquals("restarted\n", Files.readString(markers.resolve("web-2")));
        assertEquals("resolved\n", Files.readString(markers.resolve("resolved-web-3")));
        assertTrue(Files.notExists(markers.resolve("db-1")));
        for (JsonNode row : rows) {
            if (row.get("decision").asText().equals("run")) {
                assertEquals("ok", row.get("runStatus").asText(), row.toString());
                String runId = row.get("runId").asText();
                HttpResponse<String> evidence = ts.get("/api/runs/" + runId);
                assertEquals(200, evidence.statusCode());
                assertTrue(evidence.body().contains("\"events\""), evidence.body()); // run by the events identity
            }
        }
    }

    @Test
    void POST_events_sameKeyRepeated_limitSuppressesAfterFirst() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    202,
                    post("/api/events", alertmanager(alert("firing", "web-7"))).statusCode());
        }
        assertEquals(
                202, post("/api/events", alertmanager(alert("firing", "web-8"))).statusCode());
        List<JsonNode> rows = awaitRuns();
        long runs = rows.stream()
                .filter(e -> e.get("decision").asText().equals("run"))
                .count();
        long suppressed = rows.stream()
                .filter(e -> e.get("decision").asText().equals("suppressed"))
                .count();
        assertEquals(2, runs);
        assertEquals(2, suppressed);
        assertEquals("restarted\n", Files.readString(markers.resolve("web-7")));
        assertEquals("restarted\n", Files.readString(markers.resolve("web-8")));
    }

    @Test
    void POST_events_malformed_400AndNothingRecordedOrRun() throws Exception {
        List<String> bad = List.of(
                "not json",
                "[]",
                "{}",
                alertmanager(alert("firing", "web-1"), "{\"status\":\"firing\"}"),
                "{\"version\":\"3\",\"alerts\":[" + alert("firing", "web-1") + "]}");
        for (String body : bad) {
            HttpResponse<String> r = post("/api/events", body);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertTrue(JSON.readTree(r.body()).get("error").asText().length() > 0);
        }
        assertEquals(List.of(), events());
        try (var files = Files.list(markers)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void POST_dryRun_showsMatchAndRunsNothing() throws Exception {
        HttpResponse<String> r = post(
                "/api/events/dry-run",
                "{\"source\":\"zabbix\",\"labels\":" + "{\"alertname\":\"ExporterDown\",\"instance\":\"web-9\"}}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("run", e.get("decision").asText());
        assertEquals("rules/ops.yaml#restart-exporter", e.get("rule").asText());
        assertEquals("restart.md", e.get("target").asText());
        assertEquals("web-9", e.get("params").get("host").asText());
        assertEquals(List.of(), events());
        // a dry run does not count against the limit: the real event still runs
        assertEquals(
                "run",
                JSON.readTree(post("/api/events", alertmanager(alert("firing", "web-9")))
                                .body())
                        .get("events")
                        .get(0)
                        .get("decision")
                        .asText());
        awaitRuns();
        assertEquals("restarted\n", Files.readString(markers.resolve("web-9")));
    }

    @Test
    void POST_dryRun_deactivatedRule_showsInactiveWithWhyAndRunsNothing() throws Exception {
        HttpResponse<String> off = post("/api/rules/rules/ops.yaml%23restart-exporter/deactivate", "");
        assertEquals(200, off.statusCode(), off.body());
        assertEquals("inactive", JSON.readTree(off.body()).get("state").asText(), off.body());
        JsonNode listed = JSON.readTree(ts.get("/api/rules").body()).get("rules");
        assertEquals("inactive", listed.get(0).get("state").asText(), listed.toString());
        assertEquals("active", listed.get(1).get("state").asText(), listed.toString());

        HttpResponse<String> r = post(
                "/api/events/dry-run",
                "{\"source\":\"zabbix\",\"labels\":" + "{\"alertname\":\"ExporterDown\",\"instance\":\"web-9\"}}");
        JsonNode e = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("inactive", e.get("decision").asText(), r.body());
        assertEquals("rule not activated", e.get("reason").asText(), r.body());
        assertEquals("rules/ops.yaml#restart-exporter", e.get("rule").asText());
        assertEquals(List.of(), events());
    }
}
