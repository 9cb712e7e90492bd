package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.template.Adversarial;
import dev.tejun.server.cli.Main;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values through every interface that starts a run — {@code tejun run -p} (its own JVM), REST, the
 * WebSocket {@code execute} params, an alert's labels and annotations through a rule, a CMDB value — into sh and
 * bash cells, directly and chained through {@code ${cells.ID.stdout}}: the canary file is never created, and each
 * cell writes the value it got to a file whose bytes must be the value's.
 */
@ExtendWith(CellsUnsandboxed.class) // the canary must be reachable, so an injection would show
@Tag("e2e")
class ValuesAreDataAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Path out;
    private Path canary;
    private List<String> values;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        out = Files.createDirectories(tmp.resolve("out"));
        canary = tmp.resolve("F");
        values = Adversarial.values(canary);
        ts.write("values.md", runbook());
    }

    /**
     * One cell per value that prints it (for chaining), then cells that write each value as a bare word, inside
     * double quotes in bash, from its environment variable, and as chained from the first cells.
     */
    private String runbook() {
        StringBuilder md = new StringBuilder("---\nparams:\n");
        for (int i = 0; i < values.size(); i++) {
            md.append("  v").append(i).append(": { default: \"\" }\n");
        }
        md.append("---\n");
        StringBuilder sh = new StringBuilder();
        StringBuilder bash = new StringBuilder();
        StringBuilder env = new StringBuilder();
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            md.append("```sh {#e")
                    .append(i)
                    .append("}\nprintf '%s' ${params.v")
                    .append(i)
                    .append("}\n```\n\n");
            sh.append("printf '%s' ${params.v")
                    .append(i)
                    .append("} > ")
                    .append(out.resolve("sh_" + i))
                    .append('\n');
            bash.append("printf '%s' \"<${params.v")
                    .append(i)
                    .append("}>\" > ")
                    .append(out.resolve("bash_" + i))
                    .append('\n');
            env.append("printf '%s' \"$TEJUN_PARAM_V")
                    .append(i)
                    .append("\" > ")
                    .append(out.resolve("env_" + i))
                    .append('\n');
            chain.append("printf '%s' ${cells.e")
                    .append(i)
                    .append(".stdout} > ")
                    .append(out.resolve("chain_" + i))
                    .append('\n');
        }
        return md + "```sh {#sh}\n" + sh + "```\n\n```bash {#bash}\n" + bash + "```\n\n```sh {#env}\n" + env
                + "```\n\n```sh {#chain}\n" + chain + "```\n";
    }

    private Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            p.put("v" + i, values.get(i));
        }
        return p;
    }

    /** Every value arrived exactly through every cell, and nothing ran. */
    private void assertArrivedExactly() throws Exception {
        assertFalse(Files.exists(canary), "a value ran as code");
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String label = i + " " + Adversarial.label(v);
            Adversarial.assertArrived(v, read("sh_" + i), "sh " + label);
            Adversarial.assertArrived("<" + v + ">", read("bash_" + i), "bash " + label);
            Adversarial.assertArrived(v, read("env_" + i), "env " + label);
            Adversarial.assertArrived(v, read("chain_" + i), "chained " + label);
        }
    }

    private String read(String name) throws Exception {
        Path f = out.resolve(name);
        assertTrue(Files.exists(f), name + " was not written");
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes, name + " is not UTF-8");
        return text;
    }

    private void awaitRun(String runId) throws Exception {
        Await.until(
                () -> {
                    for (JsonNode row : JSON.readTree(ts.get("/api/runs").body())) {
                        if (row.path("runId").asText().equals(runId)) {
                            return !row.path("status").asText().equals("RUNNING");
                        }
                    }
                    return false;
                },
                "run " + runId + " ended");
    }

    @Test
    void rest_hostileParams_arriveAsDataInEveryCell() throws Exception {
        HttpResponse<String> r =
                ts.post("/api/runs", JSON.writeValueAsString(Map.of("runbook", "values.md", "params", params())));
        assertEquals(201, r.statusCode(), r.body());
        awaitRun(JSON.readTree(r.body()).get("runId").asText());
        assertArrivedExactly();
    }

    @Test
    void websocket_hostileExecuteParams_arriveAsDataInEveryCell() throws Exception {
        // a text message over 64 KiB is refused by the socket (below); the large value is tested on its own there
        values.set(values.indexOf(Adversarial.large()), "small");
        try (WsClient ws = ts.connect("values.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                cells.add("e" + i);
            }
            cells.addAll(List.of("sh", "bash", "env", "chain"));
            String params = JSON.writeValueAsString(params());
            for (String cell : cells) {
                ws.send("{\"type\":\"execute\",\"id\":\"" + cell + "\",\"cellId\":\"" + cell + "\",\"params\":" + params
                        + "}");
                String runId = ws.next("accepted").path("runId").asText();
                List<JsonNode> events = ws.eventsUntil(WsClient.runFinished(runId));
                assertEquals("ok", events.getLast().path("status").asText().toLowerCase(), cell);
            }
        }
        assertArrivedExactly();
    }

    @Test
    void websocket_messageOver64KiB_isRefusedByClosingTheSocketAndNothingRuns() throws Exception {
        WsClient ws = ts.connect("values.md"); // closed by the server, so not closed here
        try {
            ws.send(JSON.writeValueAsString(Map.of(
                    "type", "execute", "id", "big", "cellId", "sh", "params", Map.of("v0", Adversarial.large()))));
        } catch (CompletionException e) {
            // the server may close before the client has sent the whole message
        }
        JsonNode closed = ws.next("closed");
        assertEquals(1009, closed.path("code").asInt(), closed.toString()); // "message too big"
        assertFalse(Files.exists(out.resolve("sh_0")));
    }

    @Test
    void cli_hostileDashP_arriveAsDataInEveryCell() throws Exception {
        List<String> args =
                new ArrayList<>(List.of("run", ts.runbooks.resolve("values.md").toString()));
        params().forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
        assertEquals(0, tejun(args));
        assertArrivedExactly();
    }

    @Test
    void cli_invalidUtf8InDashP_isReplacedByU_FFFD() throws Exception {
        // argv is bytes; the JVM decodes it as UTF-8 and puts U+FFFD for a byte that is not: the cell gets that
        String java = ProcessHandle.current().info().command().orElse("java");
        Path book = ts.write(
                "one.md",
                "---\nparams:\n  v: { }\n---\n```sh\nprintf '%s' ${params.v} > " + out.resolve("raw") + "\n```\n");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        "-c",
                        "exec \"$0\" -cp \"$1\" " + Main.class.getName()
                                + " run \"$2\" -p \"v=$(printf '\\377;touch %s' \"$3\")\"",
                        java,
                        System.getProperty("java.class.path"),
                        book.toString(),
                        canary.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment()
                .put("TEJUN_HOME", Files.createDirectories(tmp.resolve("home")).toString());
        pb.environment().put("TEJUN_CELL_SANDBOX", "none"); // as for this JVM's cells: the canary must be reachable
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("cli.log")));
        assertFalse(Files.exists(canary), "the value ran as code");
        assertArrayEquals(
                ("\uFFFD;touch " + canary).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("raw")));
    }

    @Test
    void rest_invalidUtf8InParams_isReplacedByU_FFFD() throws Exception {
        // the request body is decoded as UTF-8 with a replacement for a byte that is not; the cell gets that
        String hostile = "\u0001;touch " + canary;
        byte[] body = JSON.writeValueAsString(Map.of("runbook", "values.md", "params", Map.of("v0", hostile)))
                .replace("\\u0001", "\u0001")
                .getBytes(StandardCharsets.UTF_8);
        body[indexOf(body, (byte) 1)] = (byte) 0xFF; // a byte that is not UTF-8 where the \u0001 was
        HttpResponse<String> r = ts.postBytes("/api/runs", "application/json", body);
        assertEquals(201, r.statusCode(), r.body());
        awaitRun(JSON.readTree(r.body()).get("runId").asText());
        assertFalse(Files.exists(canary), "the value ran as code");
        assertArrayEquals(
                ("\uFFFD;touch " + canary).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("sh_0")));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    @Test
    void events_hostileLabelsAndAnnotations_arriveAsDataThroughTheRule() throws Exception {
        StringBuilder rule = new StringBuilder("rules:\n  - name: hostile\n    when: { labels.alertname: Hostile }\n"
                + "    run: values.md\n    params:\n");
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        labels.put("alertname", "Hostile");
        for (int i = 0; i < values.size(); i++) {
            // even values come as labels, odd ones as annotations
            String from = i % 2 == 0 ? "labels" : "annotations";
            rule.append("      v")
                    .append(i)
                    .append(": \"${")
                    .append(from)
                    .append(".v")
                    .append(i)
                    .append("}\"\n");
            (i % 2 == 0 ? labels : annotations).put("v" + i, values.get(i));
        }
        ts.write("rules/hostile.yaml", rule.toString());
        ts.activateRule("rules/hostile.yaml#hostile");
        Map<String, Object> alert = Map.of(
                "status",
                "firing",
                "labels",
                labels,
                "annotations",
                annotations,
                "startsAt",
                "2025-06-02T00:00:00Z",
                "fingerprint",
                "hostile");
        HttpResponse<String> r = ts.post(
                "/api/events",
                JSON.writeValueAsString(
                        Map.of("version", "4", "status", "firing", "receiver", "tejun", "alerts", List.of(alert))));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(
                "run",
                JSON.readTree(r.body()).get("events").get(0).get("decision").asText(),
                r.body());
        Await.until(
                () -> {
                    JsonNode e = JSON.readTree(ts.get("/api/events").body())
                            .get("events")
                            .get(0);
                    return !e.get("runStatus").isNull();
                },
                "the event's run ended");
        assertEquals(
                "ok",
                JSON.readTree(ts.get("/api/events").body())
                        .get("events")
                        .get(0)
                        .get("runStatus")
                        .asText());
        assertArrivedExactly();
    }

    @Test
    void events_sampleRuleWithTheReportedLabel_greetsWithItAndRunsNothing() throws Exception {
        // the shipped rule and runbook, as the issue found them: a label reached a shell through hello.md
        Path shipped = Path.of("..", "runbooks");
        ts.write("hello.md", Files.readString(shipped.resolve("hello.md")));
        try (var rules = Files.list(shipped.resolve("rules"))) {
            for (Path rule : rules.toList()) {
                ts.write("rules/" + rule.getFileName(), Files.readString(rule));
            }
        }
        ts.activateRule("rules/sample.yaml#greet-on-test-alert");
        String label = "web1\"; echo X > " + canary + "; echo \"";
        Map<String, Object> alert = Map.of(
                "status",
                "firing",
                "labels",
                Map.of("alertname", "TejunTestAlert", "instance", label),
                "annotations",
                Map.of(),
                "startsAt",
                "2025-06-02T00:00:00Z",
                "fingerprint",
                "x");
        HttpResponse<String> r = ts.post(
                "/api/events",
                JSON.writeValueAsString(
                        Map.of("version", "4", "status", "firing", "receiver", "tejun", "alerts", List.of(alert))));
        assertEquals(202, r.statusCode(), r.body());
        Await.until(
                () -> !JSON.readTree(ts.get("/api/events").body())
                        .get("events")
                        .get(0)
                        .get("runStatus")
                        .isNull(),
                "the event's run ended");
        String runId = JSON.readTree(ts.get("/api/events").body())
                .get("events")
                .get(0)
                .get("runId")
                .asText();
        assertFalse(Files.exists(canary), "the label ran as code");
        assertEquals(
                "Hello, " + label + "!\n",
                ts.get("/api/runs/" + runId + "/cells/greet/stdout").body());
        assertEquals(
                "The greeting was: Hello, " + label + "!\n",
                ts.get("/api/runs/" + runId + "/cells/echo-back/stdout").body());
    }

    @Test
    void cmdb_hostileCmdbValues_arriveAsDataInShAndBash() throws Exception {
        ts.cmdb.putSheet(SheetDef.host("vals", "values", ColumnDef.of("v", ColumnType.TEXT)), TestHosts.WHO);
        StringBuilder sh = new StringBuilder();
        StringBuilder bash = new StringBuilder();
        List<Integer> stored = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                continue; // an empty CMDB value is "not set"
            }
            stored.add(i);
            TestHosts.addHost(ts.cmdb, "h" + i, "127.0.0.1", 22, "nobody", "none", "vals");
            ts.cmdb.register("vals", RowDraft.host("h" + i, Map.of("v", values.get(i))), TestHosts.WHO);
            sh.append("printf '%s' ${cmdb.vals.h")
                    .append(i)
                    .append(".v} > ")
                    .append(out.resolve("c_sh_" + i))
                    .append('\n');
            bash.append("printf '%s' \"<${cmdb.vals.h")
                    .append(i)
                    .append(".v}>\" > ")
                    .append(out.resolve("c_bash_" + i))
                    .append('\n');
        }
        ts.write("fromcmdb.md", "```sh {#sh}\n" + sh + "```\n\n```bash {#bash}\n" + bash + "```\n");
        HttpResponse<String> r = ts.post("/api/runs", "{\"runbook\":\"fromcmdb.md\"}");
        assertEquals(201, r.statusCode(), r.body());
        awaitRun(JSON.readTree(r.body()).get("runId").asText());
        assertFalse(Files.exists(canary), "a value ran as code");
        for (int i : stored) {
            Adversarial.assertArrived(values.get(i), read("c_sh_" + i), "sh " + Adversarial.label(values.get(i)));
            Adversarial.assertArrived(
                    "<" + values.get(i) + ">", read("c_bash_" + i), "bash " + Adversarial.label(values.get(i)));
        }
    }

    private int tejun(List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment()
                .put("TEJUN_HOME", Files.createDirectories(tmp.resolve("home")).toString());
        pb.environment().put("TEJUN_CELL_SANDBOX", "none"); // as for this JVM's cells: the canary must be reachable
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tejun run did not end");
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(tmp.resolve("cli.log")));
        }
        return p.exitValue();
    }
}
