package dev.tejun.server.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chain heads go to a file on another path, to syslog over UDP and to a webhook, each a real listener on
 * loopback; {@code verify --against} the file then catches what the store alone cannot: a store deleted, or
 * rolled back to an earlier state with its (validly keyed) older head put back.
 */
class HeadExportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @TempDir
    Path elsewhere;

    DatagramSocket syslog;
    HttpServer webhook;
    final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    Path exported;

    @BeforeEach
    void listen() throws Exception {
        syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        syslog.setSoTimeout(5000);
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();
        exported = elsewhere.resolve("heads.jsonl");
    }

    @AfterEach
    void stop() {
        syslog.close();
        webhook.stop(0);
    }

    private TestServer server() throws Exception {
        HeadExport export = HeadExport.parse(
                "file:" + exported + " syslog:127.0.0.1:" + syslog.getLocalPort() + " http://127.0.0.1:"
                        + webhook.getAddress().getPort() + "/hook",
                "2");
        return new TestServer(temp, config -> config.exportingHeads(export));
    }

    private static void addUser(TestServer t, String name) throws Exception {
        assertEquals(
                201,
                t.post(
                                "/api/users",
                                "{\"name\":\"" + name + "\",\"password\":\"Correct-Horse-" + name
                                        + "-Battery\",\"roles\":[\"viewer\"]}")
                        .statusCode());
    }

    private static long headId(Path data) throws Exception {
        return Long.parseLong(Files.readString(data.resolve("audit-head")).split(" ")[0]);
    }

    @Test
    void audit_everySecondEntry_reachesFileSyslogAndWebhook() throws Exception {
        try (TestServer t = server()) {
            for (int i = 0; i < 4; i++) {
                addUser(t, "user" + i);
            }
            long last = headId(t.data);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(exported)) {
                lines.add(JSON.readTree(line));
            }
            assertEquals(last / 2, lines.size(), lines.toString());
            for (JsonNode h : lines) {
                assertEquals("audit", h.path("kind").asText());
                assertEquals(0, h.path("id").asLong() % 2, h.toString());
                assertTrue(
                        h.path("hash").asText().matches("[0-9a-f]{64}")
                                && h.path("mac").asText().matches("[0-9a-f]{64}")
                                && !h.path("at").asText().isEmpty(),
                        h.toString());
            }
            for (JsonNode h : lines) {
                byte[] buf = new byte[4096];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                syslog.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                assertTrue(
                        msg.startsWith("<110>1 ")
                                && msg.contains("\"hash\":\"" + h.path("hash").asText() + "\""),
                        msg);
                String body = posted.poll(5, TimeUnit.SECONDS);
                assertNotNull(
                        body, "webhook received no POST for #" + h.path("id").asText());
                assertEquals(h, JSON.readTree(body));
            }
        }
    }

    @Test
    void auditVerifyAgainst_logRolledBackWithItsOlderHeadPutBack_namesTheMissingEntry() throws Exception {
        Path data;
        String olderHead;
        long kept;
        try (TestServer t = server()) {
            addUser(t, "user0");
            addUser(t, "user1");
            data = t.data;
            olderHead = Files.readString(data.resolve("audit-head"));
            kept = headId(data);
            for (int i = 2; i < 6; i++) {
                addUser(t, "user" + i);
            }
        }
        assertEquals(0, Forger.auditVerify(data, exported).code());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tejun.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER audit_log_no_delete");
            st.executeUpdate("DELETE FROM audit_log WHERE id > " + kept);
        }
        Files.writeString(data.resolve("audit-head"), olderHead);
        assertEquals(0, Forger.auditVerify(data, null).code(), "without the export the rollback cannot be seen");
        Forger.Verdict v = Forger.auditVerify(data, exported);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("missing") && v.err().contains("#" + (kept + (kept % 2 == 0 ? 2 : 1))), v.err());
    }

    @Test
    void auditVerifyAgainst_databaseDeleted_fails() throws Exception {
        Path data;
        try (TestServer t = server()) {
            for (int i = 0; i < 3; i++) {
                addUser(t, "user" + i);
            }
            data = t.data;
        }
        for (String f : List.of("tejun.db", "tejun.db-wal", "tejun.db-shm")) {
            Files.deleteIfExists(data.resolve(f));
        }
        Forger.Verdict v = Forger.auditVerify(data, exported);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("deleted"), v.err());
    }

    @Test
    void evidenceVerifyAgainst_runsDeleted_namesTheRun() throws Exception {
        Path data;
        try (TestServer t = server()) {
            t.write("say.md", "# Say\n\n```sh {#say}\necho hello\n```\n");
            for (int i = 0; i < 2; i++) {
                try (WsClient ws = t.connect("say.md")) {
                    ws.send("{\"type\":\"attach\"}");
                    ws.next("snapshot");
                    ws.send("{\"type\":\"run-all\",\"id\":\"r\"}");
                    String runId = ws.next("accepted").path("runId").asText();
                    ws.eventsUntil(WsClient.runFinished(runId));
                }
            }
            data = t.data;
        }
        List<HeadExport.Head> heads = HeadExport.read(exported, "evidence");
        assertEquals(1, heads.size(), Files.readString(exported));
        assertEquals(0, Forger.evidenceVerify(data, exported).code());
        try (var runs = Files.list(data.resolve("evidence"))) {
            for (Path p : runs.toList()) {
                if (Files.isDirectory(p)) {
                    try (var files = Files.walk(p)) {
                        files.sorted(java.util.Comparator.reverseOrder())
                                .forEach(f -> f.toFile().delete());
                    }
                } else {
                    Files.delete(p);
                }
            }
        }
        assertEquals(0, Forger.evidenceVerify(data, null).code(), "an empty evidence folder verifies on its own");
        Forger.Verdict v = Forger.evidenceVerify(data, exported);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains(heads.getFirst().id()) && v.err().contains("deleted"), v.err());
    }
}
