package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An event no rule matched waits for a person: listed, turned into a draft rule, acknowledged. */
class UnhandledEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("ok.md", "```sh\necho ok\n```\n");
        ts.write("rules/r.yaml", """
                rules:
                  - name: known
                    when: { labels.alertname: Known }
                    run: ok.md
                """);
        ts.activateRule("rules/r.yaml#known");
    }

    private long post(String alertname) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"probe","labels":{"alertname":"%s","host":"db-2"}}""".formatted(alertname));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0).get("eventId").asLong();
    }

    private JsonNode queue() throws Exception {
        return JSON.readTree(ts.get("/api/events/unhandled").body()).get("events");
    }

    @Test
    void noMatch_queuedUntilAcknowledged_matchedEventsNever() throws Exception {
        post("Known");
        long unknown = post("Disk Strange");

        JsonNode waiting = queue();
        assertEquals(1, waiting.size(), waiting.toString());
        assertEquals(unknown, waiting.get(0).get("id").asLong());

        HttpResponse<String> ack = ts.post("/api/events/" + unknown + "/acknowledge", "{\"note\":\"known flapping\"}");
        assertEquals(204, ack.statusCode(), ack.body());
        assertEquals(0, queue().size());
        assertEquals(404, ts.post("/api/events/" + unknown + "/acknowledge", "").statusCode());
        String audit = ts.get("/api/audit?limit=5").body();
        assertTrue(audit.contains("/acknowledge"), audit);
    }

    @Test
    void ruleDraft_matchesTheEventAndParsesAsARule() throws Exception {
        long unknown = post("Disk Strange");

        HttpResponse<String> draft = ts.get("/api/events/" + unknown + "/rule-draft");

        assertEquals(200, draft.statusCode(), draft.body());
        assertTrue(draft.body().contains("labels.alertname: \"Disk Strange\""), draft.body());
        RuleFiles.Parsed parsed = RuleFiles.parse("rules/draft.yaml", draft.body());
        assertEquals("[]", parsed.problems().toString());
        assertEquals(
                "rules/draft.yaml#handle-disk-strange",
                parsed.rules().getFirst().id());
    }

    @Test
    void unhandledEvents_auditedForNoticesOncePerSourceAMinute_matchedOnesNot() throws Exception {
        post("Known");
        long first = post("Strange");
        post("Stranger");
        post("Strangest");

        JsonNode told =
                JSON.readTree(ts.get("/api/audit?action=events.unhandled").body());
        assertEquals(1, told.size(), told.toString());
        assertEquals("probe", told.get(0).get("target").asText());
        JsonNode detail = JSON.readTree(told.get(0).get("detail").asText());
        assertEquals(first, detail.get("event").asLong());
        assertEquals("Strange", detail.get("alertname").asText());
    }

    @Test
    void runNow_asTheOperator_acknowledgedWithTheRun_refusedRunLeavesItQueued() throws Exception {
        long unknown = post("Strange");
        HttpResponse<String> missing = ts.post("/api/events/" + unknown + "/run", "{\"runbook\":\"nope.md\"}");
        assertEquals(404, missing.statusCode(), missing.body());
        assertEquals(1, queue().size(), "a refused run leaves the event in the queue");
        String viewer = ts.userWith("watcher", dev.tejun.server.auth.Role.VIEWER);
        assertEquals(
                403,
                ts.as(viewer, "POST", "/api/events/" + unknown + "/run", "{\"runbook\":\"ok.md\"}")
                        .statusCode());

        HttpResponse<String> ran = ts.post("/api/events/" + unknown + "/run", "{\"runbook\":\"ok.md\"}");
        assertEquals(201, ran.statusCode(), ran.body());
        String runId = JSON.readTree(ran.body()).get("runId").asText();
        assertEquals(0, queue().size());
        JsonNode handled =
                JSON.readTree(ts.get("/api/events/" + unknown).body()).get("handled");
        assertEquals("ran ok.md (run " + runId + ")", handled.get("note").asText(), handled.toString());
        assertEquals(
                404,
                ts.post("/api/events/" + unknown + "/run", "{\"runbook\":\"ok.md\"}")
                        .statusCode());
    }

    @Test
    void ignoreRule_knownNoiseRecordedAndNeverUnhandled_needsNoActivation() throws Exception {
        ts.write("rules/noise.yaml", """
                rules:
                  - name: flapping-probe
                    when: { labels.alertname: ProbeFlap }
                    ignore: true
                  - name: bad-ignore
                    when: { labels.alertname: X }
                    ignore: "yes"
                  - name: both
                    when: { labels.alertname: Y }
                    ignore: true
                    run: ok.md
                """);
        HttpResponse<String> r =
                ts.post("/api/events", "{\"source\":\"probe\",\"labels\":{\"alertname\":\"ProbeFlap\"}}");
        JsonNode outcome = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("suppressed", outcome.get("decision").asText(), r.body());
        assertEquals("rules/noise.yaml#flapping-probe", outcome.get("rule").asText());
        assertEquals(
                dev.tejun.kernel.alert.Triage.IGNORED, outcome.get("reason").asText());
        assertEquals(0, queue().size(), "a known event is not unhandled");

        JsonNode rules = JSON.readTree(ts.get("/api/rules").body());
        assertTrue(rules.toString().contains("ignore must be true or false"), rules.toString());
        assertTrue(
                rules.toString().contains("ignore: true runs and tells nothing: leave run: and notify: out"),
                rules.toString());
        assertTrue(!rules.get("rules").toString().contains("flapping-probe"), "no activation to show: " + rules);
        assertEquals(
                400,
                ts.post("/api/rules/rules%2Fnoise.yaml%23flapping-probe/activate", "")
                        .statusCode());
    }

    @Test
    void notifyRule_eachMatchAuditedForNotices_aloneItRunsNothingAndNeedsNoActivation() throws Exception {
        ts.write("rules/tell.yaml", """
                rules:
                  - name: tell-disk
                    when: { labels.alertname: DiskSlow }
                    notify: true
                """);
        HttpResponse<String> r =
                ts.post("/api/events", "{\"source\":\"probe\",\"labels\":{\"alertname\":\"DiskSlow\"}}");
        JsonNode outcome = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("suppressed", outcome.get("decision").asText(), r.body());
        assertEquals(
                dev.tejun.kernel.alert.Triage.NOTIFIED, outcome.get("reason").asText());
        assertEquals(0, queue().size());
        JsonNode told = JSON.readTree(ts.get("/api/audit?action=events.matched").body());
        assertEquals(1, told.size(), told.toString());
        assertEquals("rules/tell.yaml#tell-disk", told.get(0).get("target").asText());
        JsonNode detail = JSON.readTree(told.get(0).get("detail").asText());
        assertEquals("DiskSlow", detail.get("alertname").asText());
        assertEquals("probe", detail.get("source").asText());
        assertEquals(
                400,
                ts.post("/api/rules/rules%2Ftell.yaml%23tell-disk/activate", "").statusCode());
    }
}
