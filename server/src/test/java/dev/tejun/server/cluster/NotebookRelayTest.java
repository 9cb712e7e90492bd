package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import dev.tejun.server.relay.RelayKey;
import dev.tejun.server.relay.RelayedSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook sessions across servers (docs/cluster.md §4): two servers on one PostgreSQL and a shared evidence folder.
 * A socket reaching server B for the session server A holds is relayed to A: a cell executed through B runs in A's
 * session (A's browser sees it too), its output comes back through B, and it can be stopped through B; a viewer's
 * run is refused by A through the relay, and a user without a role is refused at B. When A stops, the browser on B
 * is told and closed; connecting again opens a new session on B, and A's run stays readable through B.
 */
class NotebookRelayTest {

    private static final String RUNBOOK =
            SharedEvidenceTest.runbook() + "\n```sh {#slow}\necho started\nsleep 60\n```\n";

    @TempDir
    Path temp;

    @Test
    void session_ofServerA_usedThroughServerB_thenTakenOverWhenAStops() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Path shared = temp.resolve("shared");
        TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, SharedEvidenceTest.yaml("a", shared));
        boolean aStopped = false;
        Path bData = temp.resolve("b").resolve("data"); // one proof key for the cluster
        Files.createDirectories(bData);
        Files.copy(a.data.resolve(ProofKey.FILE), bData.resolve(ProofKey.FILE));
        try (TestServer b =
                QueueAcrossServersTest.member(temp.resolve("b"), pg, url, SharedEvidenceTest.yaml("b", shared))) {
            a.write("relay.md", RUNBOOK);
            b.write("relay.md", RUNBOOK);
            String greeted;
            WsClient viaB;
            try (WsClient onA = a.connect("relay.md")) {
                onA.send("{\"type\":\"attach\",\"since\":0}");
                onA.next("snapshot"); // the first socket for the runbook reached A: A holds its session
                viaB = b.connect("relay.md");
                viaB.send("{\"type\":\"attach\",\"since\":0}");
                viaB.next("snapshot");

                viaB.send("{\"type\":\"execute\",\"id\":\"g\",\"cellId\":\"greet\"}");
                greeted = viaB.next("accepted").path("runId").asText();
                List<JsonNode> seen = viaB.eventsUntil(WsClient.runFinished(greeted));
                assertEquals("ok", seen.getLast().path("status").asText());
                assertTrue(stdout(seen).contains("shared hello"), seen.toString());
                assertEquals(seen, tail(onA.eventsUntil(WsClient.runFinished(greeted)), seen.size()), "one session");
                assertTrue(Files.isDirectory(shared.resolve("a").resolve(greeted)), "run by A");
                assertTrue(Files.notExists(shared.resolve("b").resolve(greeted)));

                viaB.send("{\"type\":\"execute\",\"id\":\"s\",\"cellId\":\"slow\"}");
                String slow = viaB.next("accepted").path("runId").asText();
                viaB.eventsUntil(e -> e.path("type").asText().equals("cell-output")
                        && e.path("text").asText().contains("started"));
                viaB.send("{\"type\":\"interrupt\",\"id\":\"stop\"}");
                assertEquals(
                        "stopped",
                        viaB.eventsUntil(WsClient.runFinished(slow))
                                .getLast()
                                .path("status")
                                .asText());

                String viewer = a.userWith("vera", Role.VIEWER);
                try (WsClient asViewer = WsClient.connect(
                        b, "relay.md", Map.of("Origin", b.server.baseUrl(), "Authorization", "Bearer " + viewer))) {
                    asViewer.send("{\"type\":\"attach\",\"since\":0}");
                    asViewer.next("snapshot");
                    asViewer.send("{\"type\":\"execute\",\"id\":\"v\",\"cellId\":\"greet\"}");
                    JsonNode refused = asViewer.next("error");
                    assertEquals("v", refused.path("replyTo").asText());
                    assertTrue(refused.path("message").asText().startsWith("refused:"), refused.toString());
                }
                String nobody = a.userWith("nora");
                CompletionException noRole = assertThrows(
                        CompletionException.class,
                        () -> WsClient.connect(
                                b,
                                "relay.md",
                                Map.of("Origin", b.server.baseUrl(), "Authorization", "Bearer " + nobody)));
                WebSocketHandshakeException handshake =
                        assertInstanceOf(WebSocketHandshakeException.class, noRole.getCause());
                assertEquals(403, handshake.getResponse().statusCode());
            }

            a.close(); // A stops: the browser relayed through B is told, and closed
            aStopped = true;
            JsonNode told = viaB.next("error");
            assertTrue(told.path("message").asText().contains("server a"), told.toString());
            assertTrue(told.path("message").asText().contains("went away"), told.toString());
            assertEquals(RelayedSocket.OWNER_GONE, viaB.awaitClosed());

            try (WsClient again = b.connect("relay.md")) { // a new session, on B
                String second = greetOk(again);
                assertTrue(Files.isDirectory(shared.resolve("b").resolve(second)), "run by B");
            }
            SharedEvidenceTest.assertReadable(b, greeted); // what A ran stays readable
        } finally {
            if (!aStopped) {
                a.close();
            }
        }
    }

    @Test
    void session_ofACrashedServer_refusedWhileItsLeaseHolds_thenTakenOver() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        try (TestServer b = QueueAcrossServersTest.member(temp.resolve("b"), pg, url, "cluster.node-name: b\n")) {
            b.write("relay.md", RUNBOOK);
            Database db = b.cmdb.database();
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort(); // nothing listens there once closed: a server that crashed
            }
            ClusterNode ghost = new ClusterNode("ghost", "http://127.0.0.1:" + closedPort);
            Instant now = Instant.now();
            new ServerLeases(db).beat(ghost, now, now, now.plusSeconds(600));
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO notebook_sessions (runbook, owner, opened_at) VALUES ('relay.md', 'ghost', 0)")) {
                    return ps.executeUpdate();
                }
            });

            CompletionException refused = assertThrows(CompletionException.class, () -> b.connect("relay.md"));
            WebSocketHandshakeException handshake =
                    assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(503, handshake.getResponse().statusCode());

            new ServerLeases(db).beat(ghost, now, now, now.minusSeconds(1)); // its lease passed
            try (WsClient taken = b.connect("relay.md")) {
                greetOk(taken);
            }
            assertEquals("b", db.read(c -> {
                try (PreparedStatement ps =
                                c.prepareStatement("SELECT owner FROM notebook_sessions WHERE runbook = 'relay.md'");
                        ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }));
        }
    }

    @Test
    void relayedRun_auditedWithTheBrowsersOwnAddress_aForgedAddressHeaderIgnored() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, "cluster.node-name: a\n");
                TestServer b = QueueAcrossServersTest.member(
                        temp.resolve("b"),
                        pg,
                        url,
                        // B behind a proxy on loopback: the browser's address is the one the proxy says
                        "cluster.node-name: b\nserver.trusted-proxies: [127.0.0.1]\n")) {
            a.write("relay.md", RUNBOOK);
            b.write("relay.md", RUNBOOK);
            try (WsClient onA = a.connect("relay.md")) {
                onA.send("{\"type\":\"attach\",\"since\":0}");
                onA.next("snapshot"); // A holds the session
                String relayed;
                try (WsClient viaB = WsClient.connect(
                        b, "relay.md", Map.of("Origin", b.server.baseUrl(), "X-Forwarded-For", "203.0.113.7"))) {
                    relayed = greetOk(viaB);
                }
                // straight to A, claiming another address in the relay's header without the cluster's key
                String forged;
                try (WsClient liar = WsClient.connect(
                        a,
                        "relay.md",
                        Map.of(
                                "Origin",
                                a.server.baseUrl(),
                                "X-Tejun-Forwarded-By",
                                "b",
                                RelayKey.HEADER,
                                "198.51.100.9;" + Instant.now().getEpochSecond() + ";00"))) {
                    forged = greetOk(liar);
                }
                Database db = a.cmdb.database();
                // a run's start is audited by A's record queue, which may write it just after the run ended
                for (String run : List.of(relayed, forged)) {
                    Await.until(() -> !startAddresses(db, run).isEmpty(), "the audited start of run " + run);
                }
                assertEquals(List.of("203.0.113.7"), startAddresses(db, relayed), "the browser's, not B's");
                assertEquals(List.of("127.0.0.1"), startAddresses(db, forged), "the peer's: the header is not signed");
            }
        }
    }

    private static List<String> startAddresses(Database db, String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT address FROM audit_log WHERE action = 'execution.start' AND detail LIKE ?")) {
                ps.setString(1, "%" + runId + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new java.util.ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    /** Attaches, runs the greet cell and checks it ended ok; answers its run id. */
    private static String greetOk(WsClient ws) throws InterruptedException {
        ws.send("{\"type\":\"attach\",\"since\":0}");
        ws.next("snapshot");
        ws.send("{\"type\":\"execute\",\"id\":\"g\",\"cellId\":\"greet\"}");
        String runId = ws.next("accepted").path("runId").asText();
        assertEquals("ok", ws.finalStatus(runId));
        return runId;
    }

    private static String stdout(List<JsonNode> events) {
        StringBuilder out = new StringBuilder();
        events.stream()
                .filter(e -> e.path("type").asText().equals("cell-output"))
                .forEach(e -> out.append(e.path("text").asText()));
        return out.toString();
    }

    private static List<JsonNode> tail(List<JsonNode> events, int n) {
        return events.subList(Math.max(0, events.size() - n), events.size());
    }
}
