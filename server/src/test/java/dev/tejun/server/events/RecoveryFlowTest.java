package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery sample shipped in runbooks/ (rules/recovery.yaml, the flow recovery/host-down.flow.yaml, its runbooks
 * and the CMDB sheet recovery/cmdb/), end to end: four compute hosts, each a real sshd of its own on loopback
 * (node1..node4 at 127.0.0.2..5), some of which the test stops; HostDown alerts posted as monitoring would post
 * them start the flow through the activated rule; the flow's notices reach a real webhook receiver. One host down
 * is recovered at once: fenced, each workload started on the standby its CMDB row names, verified, told. Two hosts
 * down hold both flows for an approver, and nothing is fenced or moved until approved. A host that still answers
 * is not fenced.
 */
class RecoveryFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "runbooks");
    private static final String FLOW = "recovery/host-down.flow.yaml";

    @TempDir
    Path temp;

    Sshd sshd;
    TestServer ts;
    HttpServer receiver;
    final List<JsonNode> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            notices.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        sshd = Sshd.startApart(temp.resolve("sshd"), 4);
        Settings notify = Settings.of(
                ConfigFile.parse(
                        "test.yaml", """
                        notify:
                          webhook:
                            url: http://127.0.0.1:%d/hook
                        """.formatted(receiver.getAddress().getPort())),
                Map.of(),
                Map.of());
        var executors = TestServer.executors(c -> List.of(
                new ShellExecutorFactory(), new SshExecutorFactory(c.cmdb()), new CmdbExecutorFactory(c.cmdb())));
        ts = new TestServer(temp.resolve("server"), c -> executors.apply(c.with(notify)));
        Files.writeString(SshExecutorFactory.knownHosts(ts.data), sshd.knownHostsLines());
        for (int i = 0; i < 4; i++) {
            TestHosts.addHost(ts.cmdb, "node" + (i + 1), sshd, i, sshd.clientKeyText(), "compute", null);
        }
        loadWorkloads();
        try (Stream<Path> files = Files.list(SAMPLES.resolve("recovery"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                ts.write("recovery/" + f.getFileName(), Files.readString(f));
            }
        }
        ts.write("rules/recovery.yaml", Files.readString(SAMPLES.resolve("rules/recovery.yaml")));
        ts.activateRule("rules/recovery.yaml#host-down");
        HttpResponse<String> sub = ts.post(
                "/api/notifications/subscriptions",
                "{\"scope\":\"flow\",\"target\":\"" + FLOW + "\",\"channel\":\"webhook\","
                        + "\"events\":[\"flow.ended\",\"approval.waiting\"]}");
        assertEquals(201, sub.statusCode(), sub.body());
    }

    /**
     * The shipped sheet definition and rows, through the REST API as load.sh sends them; each row's {@code dir} is
     * put under this test's folder, one folder per standby host, so where a workload was started can be seen.
     */
    private void loadWorkloads() throws Exception {
        Path cmdb = SAMPLES.resolve("recovery/cmdb");
        HttpResponse<String> sheet =
                ts.post("/api/cmdb/sheets", Files.readString(cmdb.resolve("workloads.sheet.json")));
        assertEquals(201, sheet.statusCode(), sheet.body());
        for (JsonNode row : JSON.readTree(cmdb.resolve("workloads.rows.json").toFile())) {
            ObjectNode values = (ObjectNode) row.get("values");
            values.put("dir", workloads(values.get("standby").asText()).toString());
            HttpResponse<String> r = ts.post("/api/cmdb/sheets/workloads/rows", row.toString());
            assertEquals(201, r.statusCode(), r.body());
        }
    }

    private Path workloads(String standby) {
        return temp.resolve("wl").resolve(standby);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (ts != null) {
                ts.close();
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
            receiver.stop(0);
        }
    }

    /** A HostDown alert as a monitoring source posts it: the CMDB host and the address:port it watched. */
    private JsonNode alert(String source, String host, String instance) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"%s","status":"firing","labels":{"alertname":"HostDown","host":"%s","instance":"%s"}}""".formatted(source, host, instance));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    private JsonNode alert(int node) throws Exception {
        JsonNode e = alert("monitoring", "node" + (node + 1), sshd.address(node) + ":" + sshd.port());
        assertEquals("run", e.get("decision").asText(), e.toString());
        assertEquals(FLOW, e.get("target").asText(), e.toString());
        return e;
    }

    /** The instance of the recovery flow started for {@code host}, once {@code condition} holds for it. */
    private JsonNode instance(String host, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode fi :
                    JSON.readTree(ts.get("/api/flow-instances?flow=" + FLOW).body())) {
                if (host.equals(fi.path("params").path("host").asText())) {
                    last = JSON.readTree(
                            ts.get("/api/flow-instances/" + fi.get("id").asText())
                                    .body());
                    if (condition.test(last)) {
                        return last;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the recovery flow of " + host + " never got " + what + "; last seen: " + last
                + "; instances: " + ts.get("/api/flow-instances?flow=" + FLOW).body() + "; events: "
                + ts.get("/api/events").body());
    }

    private JsonNode ended(String host) throws Exception {
        return instance(host, fi -> !Set.of("running", "paused").contains(status(fi)), "to its end");
    }

    private static String status(JsonNode fi) {
        return fi.path("status").asText().toLowerCase(java.util.Locale.ROOT);
    }

    private static JsonNode node(JsonNode fi, String id) {
        for (JsonNode n : fi.get("nodes")) {
            if (n.get("nodeId").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in " + fi);
    }

    private static String nodeStatus(JsonNode fi, String id) {
        return node(fi, id).path("status").asText().toLowerCase(java.util.Locale.ROOT);
    }

    /** The workloads started on {@code standby}, by name, with what each state file says. */
    private Map<String, String> started(String standby) throws Exception {
        Path dir = workloads(standby);
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
            for (Path f : files.toList()) {
                out.put(
                        f.getFileName().toString().replace(".running", ""),
                        Files.readString(f).strip());
            }
            return out;
        }
    }

    /** The notices the webhook got about the flow instance {@code id}, by kind. */
    private List<String> noticesOf(String id) {
        return notices.stream()
                .filter(n -> n.toString().contains(id))
                .map(n -> n.path("event").asText())
                .toList();
    }

    private void awaitNotice(String id, String kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!noticesOf(id).contains(kind)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " notice for " + id + "; got " + notices);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void oneHostDown_confirmedFencedWorkloadsMovedPerCmdbVerifiedAndTold_withoutHold() throws Exception {
        sshd.stop(0); // node1
        alert(0);

        JsonNode fi = ended("node1");
        assertEquals("ok", status(fi), fi.toString());
        assertEquals("failed", nodeStatus(fi, "probe-ssh"), "probe 1 found node1 down");
        assertEquals("ok", nodeStatus(fi, "probe-port"));
        assertEquals("warning", nodeStatus(fi, "count-down"), "one of four hosts failed the probe");
        assertEquals("skipped", nodeStatus(fi, "approve"), "one host down: no hold point");
        assertEquals("ok", nodeStatus(fi, "fence"));
        assertEquals("ok", nodeStatus(fi, "move"));
        assertEquals("ok", nodeStatus(fi, "verify"));
        assertEquals("ok", nodeStatus(fi, "recovered"));

        // node1's rows: billing-api and search to node3, billing-db to node2; nobody else's workload moved
        assertEquals(Map.of("billing-api", "moved from node1", "search", "moved from node1"), started("node3"));
        assertEquals(Map.of("billing-db", "moved from node1"), started("node2"));
        assertEquals(Map.of(), started("node4"));
        assertEquals(Map.of(), started("node1"));

        String id = fi.get("id").asText();
        awaitNotice(id, "flow.ended");
        assertFalse(noticesOf(id).contains("approval.waiting"), notices.toString());
    }

    @Test
    void twoHostsDown_bothFlowsHoldUntilAnApproverApproves_thenRecover() throws Exception {
        sshd.stop(1); // node2
        sshd.stop(2); // node3
        alert(1);
        alert(2);

        for (String host : List.of("node2", "node3")) {
            JsonNode held = instance(host, fi -> "paused".equals(status(fi)), "to its hold point");
            assertEquals("paused", nodeStatus(held, "approve"), held.toString());
            String message = node(held, "approve").path("message").asText();
            assertTrue(message.startsWith("2 hosts of compute are down (node2,node3)"), message);
            assertEquals("pending", nodeStatus(held, "fence"), "nothing is fenced before the approval");
            awaitNotice(held.get("id").asText(), "approval.waiting");
        }
        assertEquals(Map.of(), started("node4"), "nothing moved before the approval");

        for (String host : List.of("node2", "node3")) {
            String id = instance(host, fi -> "paused".equals(status(fi)), "to its hold point")
                    .get("id")
                    .asText();
            HttpResponse<String> r = ts.post(
                    "/api/flow-instances/" + id + "/approve",
                    "{\"nodeId\":\"approve\",\"comment\":\"node4 takes both\"}");
            assertEquals(200, r.statusCode(), r.body());
        }
        for (String host : List.of("node2", "node3")) {
            JsonNode fi = ended(host);
            assertEquals("ok", status(fi), fi.toString());
            assertEquals("ok", nodeStatus(fi, "fence"));
            assertEquals("ok", nodeStatus(fi, "verify"));
            awaitNotice(fi.get("id").asText(), "flow.ended");
        }
        assertEquals(Map.of("mail", "moved from node2", "reports", "moved from node3"), started("node4"));
        assertEquals(Map.of(), started("node1"));
    }

    @Test
    void hostStillAnswers_notFencedNothingMoved() throws Exception {
        alert(0); // node1 is up

        JsonNode fi = ended("node1");
        assertEquals("warning", status(fi), fi.toString());
        assertEquals("ok", nodeStatus(fi, "probe-ssh"));
        assertEquals("warning", nodeStatus(fi, "not-down"), "the end it took: host answers");
        assertEquals("skipped", nodeStatus(fi, "fence"));
        assertEquals(Map.of(), started("node2"));
        assertEquals(Map.of(), started("node3"));
    }

    @Test
    void alertFromASourceNotRouted_orWithALabelThatIsNoHostName_startsNothing() throws Exception {
        sshd.stop(0);
        assertEquals(
                "no-match",
                alert("nagios", "node1", sshd.address(0) + ":" + sshd.port())
                        .get("decision")
                        .asText());
        assertEquals(
                "no-match",
                alert("monitoring", "node1 all", sshd.address(0) + ":" + sshd.port())
                        .get("decision")
                        .asText());
        assertEquals(
                0,
                JSON.readTree(ts.get("/api/flow-instances?flow=" + FLOW).body()).size());
    }
}
