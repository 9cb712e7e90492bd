package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.HostTally;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Catalogues;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refusals an operator meets most reach the browser with stable codes beside their English (ErrorCodes): each
 * is made to happen for real here, through the server, and its codes and args are checked, so a changed English form
 * fails this test instead of quietly showing English on a Japanese page; every code has its catalogue key in both
 * languages.
 */
class ErrorCodesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write(
                "params.md",
                "---\nparams:\n  env: { enum: [dev, prod] }\n  count: { type: integer, default: 1 }\n---\n"
                        + "```sh\necho ${params.env}\n```\n");
        t.write("dba.md", "---\nrequires: [dba]\n---\n```sh\necho hi\n```\n");
        t.write(
                "calendars/forever.yaml",
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        t.write("frozen.md", "---\nblackouts: [forever]\n---\n```sh\necho hi\n```\n");
        t.write("hold.md", "---\nlocks: [db:main]\n---\n```sh\nsleep 2\n```\n");
        t.write("book.md", "# Book\n\n```sh {#wait}\nsleep 1\n```\n");
    }

    private static JsonNode codes(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode codes = JSON.readTree(r.body()).path("codes");
        assertTrue(codes.isArray() && !codes.isEmpty(), "no codes: " + r.body());
        return codes;
    }

    @Test
    void runAsViewer_roleNeededWithTheRole() throws Exception {
        String viewer = t.userWith("vera", Role.VIEWER);
        JsonNode codes = codes(t.as(viewer, "POST", "/api/runs", "{\"runbook\":\"book.md\"}"), 403);
        assertEquals("role.needed", codes.get(0).path("code").asText());
        assertEquals("operator", codes.get(0).path("args").path("role").asText());
    }

    @Test
    void runNeedingAnotherRole_roleRequiredNamingRunbookAndRole() throws Exception {
        String operator = t.userWith("otto", Role.OPERATOR);
        JsonNode codes = codes(t.as(operator, "POST", "/api/runs", "{\"runbook\":\"dba.md\"}"), 403);
        assertEquals("role.required", codes.get(0).path("code").asText(), codes.toString());
        assertEquals("dba", codes.get(0).path("args").path("role").asText());
    }

    @Test
    void badParams_oneCodePerProblem() throws Exception {
        JsonNode codes = codes(
                t.post(
                        "/api/runs",
                        "{\"runbook\":\"params.md\",\"params\":{\"env\":\"qa\",\"count\":\"x\",\"zone\":\"a\"}}"),
                400);
        List<String> names = new ArrayList<>();
        codes.forEach(c -> names.add(
                c.path("code").asText() + ":" + c.path("args").path("name").asText()));
        assertTrue(
                names.containsAll(List.of("param.unknown:zone", "param.one-of:env", "param.integer:count")),
                codes.toString());
    }

    @Test
    void insideFreeze_windowClosedWithItsReasonCoded() throws Exception {
        JsonNode codes = codes(t.post("/api/runs", "{\"runbook\":\"frozen.md\"}"), 409);
        assertTrue(codes.get(0).path("code").asText().startsWith("window.closed"), codes.toString());
        assertEquals("frozen.md", codes.get(0).path("args").path("target").asText());
        JsonNode reason = codes.get(0).path("args").path("reason");
        assertEquals("window.freeze", reason.path("code").asText(), codes.toString());
        assertEquals("forever", reason.path("args").path("name").asText());
    }

    @Test
    void lockHeldWithoutWaiting_lockHeld() throws Exception {
        var first = t.post("/api/runs", "{\"runbook\":\"hold.md\"}");
        assertEquals(201, first.statusCode(), first.body());
        String firstId = JSON.readTree(first.body()).path("runId").asText();
        for (int i = 0;
                i < 200
                        && JSON.readTree(t.get("/api/locks?run=" + firstId).body())
                                .path("held")
                                .isEmpty();
                i++) {
            Thread.sleep(50); // until the first run has taken its lock
        }
        HttpResponse<String> r = t.post("/api/runs", "{\"runbook\":\"hold.md\",\"wait\":false}");
        JsonNode codes = codes(r, 409);
        assertEquals("lock.held", codes.get(0).path("code").asText());
        assertEquals("hold.md", codes.get(0).path("args").path("runbook").asText());
    }

    @Test
    void secondRunOnABusySession_runBusyOverTheSocket() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"a\"}");
            String runId = ws.next("accepted").path("runId").asText();
            // once it started: before, the refusal names the run as "(queued)"
            ws.eventsUntil(e -> e.path("type").asText().equals("run-started")
                    && e.path("runId").asText().equals(runId));
            ws.send("{\"type\":\"run-all\",\"id\":\"b\"}");
            JsonNode refused = ws.next("error");
            assertEquals("run.busy", refused.path("codes").get(0).path("code").asText(), refused.toString());
            assertEquals(
                    runId, refused.path("codes").get(0).path("args").path("run").asText());
            ws.eventsUntil(WsClient.runFinished(runId));
        }
    }

    @Test
    void cmdbValuesRefused_eachValueCoded() throws Exception {
        CmdbSamples.fill(t.cmdb);
        HttpResponse<String> r = t.post(
                "/api/cmdb/sheets/web/rows", "{\"host\":\"web3\",\"values\":{\"port\":\"eighty\",\"env\":\"dev\"}}");
        assertEquals("cmdb.values", codes(r, 400).get(0).path("code").asText());
        Set<String> seen = new TreeSet<>();
        for (JsonNode e : JSON.readTree(r.body()).path("errors")) {
            assertTrue(e.path("codes").isArray() && !e.path("codes").isEmpty(), "no codes: " + e);
            seen.add(e.path("codes").get(0).path("code").asText());
        }
        assertTrue(seen.contains("cmdb.not-integer") && seen.contains("cmdb.unknown-host"), seen.toString());
    }

    @Test
    void cellEndings_codedInTheirEventsAndTheSnapshot() throws Exception {
        t.write("ends.md", "# Ends\n\n```sh {#fails}\nexit 3\n```\n\n```sh {#after}\necho never\n```\n");
        t.write("slow.md", "# Slow\n\n```sh {#slow timeout=1}\nsleep 30\n```\n");
        Map<String, JsonNode> ended = finishedCells("ends.md");
        JsonNode fails = ended.get("fails").path("codes").get(0);
        assertEquals("outcome.exit-code", fails.path("code").asText(), ended.toString());
        assertEquals("3", fails.path("args").path("code").asText());
        JsonNode after = ended.get("after").path("codes").get(0);
        assertEquals("outcome.skipped", after.path("code").asText(), ended.toString());
        assertEquals("fails", after.path("args").path("cell").asText());
        JsonNode slow = finishedCells("slow.md").get("slow").path("codes").get(0);
        assertEquals("outcome.timed-out", slow.path("code").asText(), slow.toString());
        assertEquals("1", slow.path("args").path("seconds").asText());
        try (WsClient ws = t.connect("ends.md")) { // a page opened later reads the same from the snapshot
            ws.send("{\"type\":\"attach\",\"since\":0}");
            JsonNode cell = ws.next("snapshot").path("cells").path("fails");
            assertEquals(
                    "outcome.exit-code", cell.path("codes").get(0).path("code").asText(), cell.toString());
        }
    }

    /** Runs {@code runbook} over the socket; answers each cell's {@code cell-finished} event by cell id. */
    private Map<String, JsonNode> finishedCells(String runbook) throws Exception {
        try (WsClient ws = t.connect(runbook)) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"a\"}");
            String runId = ws.next("accepted").path("runId").asText();
            Map<String, JsonNode> ended = new java.util.TreeMap<>();
            for (JsonNode e : ws.eventsUntil(WsClient.runFinished(runId))) {
                if (e.path("type").asText().equals("cell-finished")) {
                    ended.put(e.path("cellId").asText(), e);
                }
            }
            return ended;
        }
    }

    @Test
    void wrongPassword_signinWrong_thenSlowedNamingTheUser() throws Exception {
        t.userWith("sam", Role.VIEWER);
        String wrong = "{\"name\":\"sam\",\"password\":\"not-it\"}";
        for (int i = 0; i < 3; i++) {
            JsonNode codes = codes(t.send("POST", "/api/login", wrong, Map.of()), 401);
            assertEquals("signin.wrong", codes.get(0).path("code").asText(), codes.toString());
        }
        JsonNode slowed = codes(t.send("POST", "/api/login", wrong, Map.of()), 429);
        assertEquals("signin.slowed-user", slowed.get(0).path("code").asText(), slowed.toString());
        assertEquals("sam", slowed.get(0).path("args").path("user").asText());
    }

    @Test
    void missingThings_codedWithTheirName() throws Exception {
        JsonNode codes = codes(t.get("/api/runs/20990101-000000-abcdef"), 404);
        assertEquals("missing.run", codes.get(0).path("code").asText(), codes.toString());
        codes = codes(t.get("/api/runbooks/nothing-here.md"), 404);
        assertEquals("missing.runbook", codes.get(0).path("code").asText(), codes.toString());
        assertEquals("nothing-here.md", codes.get(0).path("args").path("name").asText());
        codes = codes(t.post("/api/runs/20990101-000000-abcdef/stop", "{}"), 404);
        assertEquals("missing.run-here", codes.get(0).path("code").asText(), codes.toString());
        assertEquals(
                "20990101-000000-abcdef", codes.get(0).path("args").path("run").asText());
    }

    @Test
    void runbookReferredOrTaken_codedWithNameAndReferrers() throws Exception {
        t.write("uses.flow.yaml", """
                title: Uses
                nodes:
                  - { id: step, type: runbook, runbook: book.md, next: done }
                  - { id: done, type: end }
                """);
        String version = JSON.readTree(t.get("/api/runbooks/book.md").body())
                .path("version")
                .asText();
        JsonNode codes =
                codes(t.as(t.token, "DELETE", "/api/runbooks/book.md", "{\"version\":\"" + version + "\"}"), 409);
        assertEquals("runbook.referred-delete", codes.get(0).path("code").asText(), codes.toString());
        assertEquals("book.md", codes.get(0).path("args").path("name").asText());
        assertEquals(
                "flow uses.flow.yaml node step",
                codes.get(0).path("args").path("by").asText());
        codes = codes(t.post("/api/runbooks/book.md/move", "{\"to\":\"x.md\",\"version\":\"" + version + "\"}"), 409);
        assertEquals("runbook.referred-move", codes.get(0).path("code").asText(), codes.toString());
        String dba = JSON.readTree(t.get("/api/runbooks/dba.md").body())
                .path("version")
                .asText();
        codes = codes(t.post("/api/runbooks/dba.md/move", "{\"to\":\"hold.md\",\"version\":\"" + dba + "\"}"), 409);
        assertEquals("runbook.exists", codes.get(0).path("code").asText(), codes.toString());
        assertEquals("hold.md", codes.get(0).path("args").path("name").asText());
    }

    @Test
    void sshSummary_hostsCountedAndNamedByStateAsLists() {
        HostTally tally = new HostTally();
        tally.put("web1", HostStatuses.OK);
        tally.put("web2", HostStatuses.OK);
        tally.put("web3", HostStatuses.FAILED);
        tally.put("web4", HostStatuses.TIMED_OUT);
        // what an ssh cell ends with: the summary, then the hosts that did not end well (SshExecutor)
        JsonNode codes = JSON.valueToTree(ErrorCodes.of(tally.summary() + ": " + String.join(", ", tally.bad())));
        assertEquals("hosts.summary-bad", codes.get(0).path("code").asText(), codes.toString());
        JsonNode counts = codes.get(0).path("args").path("counts");
        assertEquals(3, counts.size(), codes.toString());
        assertEquals("hosts.count", counts.get(0).path("code").asText());
        assertEquals("2", counts.get(0).path("args").path("count").asText());
        assertEquals(
                "host-status.ok",
                counts.get(0).path("args").path("status").path("code").asText());
        assertEquals(
                "host-status.timed-out",
                counts.get(2).path("args").path("status").path("code").asText());
        JsonNode hosts = codes.get(0).path("args").path("hosts");
        assertEquals("web3", hosts.get(0).path("args").path("host").asText(), codes.toString());
        assertEquals(
                "host-status.failed",
                hosts.get(0).path("args").path("status").path("code").asText());

        tally.put("web3", HostStatuses.OK);
        tally.put("web4", HostStatuses.OK);
        assertEquals("hosts.summary", ErrorCodes.of(tally.summary()).get(0).code());
        assertEquals(
                "hosts.none", ErrorCodes.of(new HostTally().summary()).get(0).code());
    }

    @Test
    void ansibleEndings_recapCountsAndFailedHostsCoded() {
        // what an ansible cell ends with (EventTail.summary, AnsibleExecutor's failure; AnsibleExecutorTest)
        JsonNode recap = JSON.valueToTree(
                ErrorCodes.of("3 hosts: ok=3 changed=1 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0"));
        assertEquals("hosts.recap", recap.get(0).path("code").asText(), recap.toString());
        JsonNode args = recap.get(0).path("args");
        assertTrue(args.path("count").isNumber(), "a number, for the plural: " + recap);
        assertEquals(3, args.path("count").asInt());
        assertEquals(1, args.path("changed").asInt());
        assertEquals(2, args.path("skipped").asInt());
        assertEquals(0, args.path("ignored").asInt());
        assertEquals(
                1L,
                ErrorCodes.of("1 host: ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0")
                        .getFirst()
                        .args()
                        .get("count"));

        JsonNode failed = JSON.valueToTree(ErrorCodes.of("ansible-playbook exit code 2: web3 failed, db1 unreachable"));
        assertEquals("hosts.playbook-exit-bad", failed.get(0).path("code").asText(), failed.toString());
        assertEquals("2", failed.get(0).path("args").path("code").asText());
        JsonNode hosts = failed.get(0).path("args").path("hosts");
        assertEquals("db1", hosts.get(1).path("args").path("host").asText(), failed.toString());
        assertEquals(
                "host-status.unreachable",
                hosts.get(1).path("args").path("status").path("code").asText());
        assertEquals(
                "hosts.playbook-exit",
                ErrorCodes.of("ansible-playbook exit code 4").getFirst().code());
        assertEquals(List.of(), ErrorCodes.of("3 hosts: ok=3 changed=1"), "not Ansible's line: no code");
    }

    @Test
    void everyCode_hasItsCatalogueKeyInBothLanguages() {
        assertTrue(ErrorCodes.codes().size() > 20, ErrorCodes.codes().toString());
        for (String lang : List.of("en", "ja")) {
            Map<String, String> common = Catalogues.read(lang, "common");
            for (String code : ErrorCodes.codes()) {
                assertTrue(common.containsKey("error." + code), lang + " lacks error." + code);
            }
        }
    }
}
