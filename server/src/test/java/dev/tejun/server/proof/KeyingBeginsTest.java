package dev.tejun.server.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder from before keys: the first start makes {@code proof.key} and keying begins there. What came
 * before is reported as not keyed; what comes after must be keyed, and a MAC stripped from it is caught.
 */
class KeyingBeginsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static void activity(TestServer t, String tag) throws Exception {
        assertEquals(
                201,
                t.post(
                                "/api/users",
                                "{\"name\":\"user" + tag + "\",\"password\":\"Correct-Horse-" + tag
                                        + "-Battery\",\"roles\":[\"viewer\"]}")
                        .statusCode());
        t.write("say.md", "# Say\n\n```sh {#say}\necho hello\n```\n");
        try (WsClient ws = t.connect("say.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"r\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(WsClient.runFinished(runId));
        }
    }

    /** Turns the folder into what a release before keys left: no key, no MACs, heads of the form ID HASH. */
    private static void makeUnkeyed(Path data) throws Exception {
        Files.delete(data.resolve("proof.key"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tejun.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER audit_log_no_update");
            st.executeUpdate("UPDATE audit_log SET mac = NULL");
        }
        String[] head = Files.readString(data.resolve("audit-head")).split(" ");
        Files.writeString(data.resolve("audit-head"), head[0] + " " + head[1] + "\n");
        Path evidence = data.resolve("evidence");
        String[] chain = Files.readString(evidence.resolve("CHAIN")).split(" ");
        Files.writeString(evidence.resolve("CHAIN"), chain[0] + " " + chain[1] + "\n");
        try (Stream<Path> macs = Files.walk(evidence)) {
            for (Path mac : macs.filter(p -> p.getFileName().toString().equals("manifest.mac"))
                    .toList()) {
                Files.delete(mac);
            }
        }
    }

    @Test
    void firstStartWithOldData_keysFromThere_oldPartReportedAsNotKeyed() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            activity(t, "a");
        }
        makeUnkeyed(temp.resolve("data"));
        try (TestServer t = new TestServer(temp)) {
            assertTrue(Files.exists(t.data.resolve("proof.key")));
            activity(t, "b");
            JsonNode v = JSON.readTree(t.get("/api/audit/verify").body());
            assertTrue(v.path("ok").asBoolean(), v.toString());
            assertTrue(v.path("notKeyed").asText().contains("before KEYED-SINCE"), v.toString());
        }
        Path data = temp.resolve("data");
        Forger.Verdict audit = Forger.auditVerify(data, null);
        assertEquals(0, audit.code(), audit.err());
        assertTrue(audit.out().contains("not keyed (before KEYED-SINCE"), audit.out());
        Forger.Verdict evidence = Forger.evidenceVerify(data, null);
        assertEquals(0, evidence.code(), evidence.err());
        assertTrue(evidence.out().contains("1 run not keyed (before KEYED-SINCE"), evidence.out());
    }

    @Test
    void firstStartWithOldData_macStrippedAfterKeyingBegan_fails() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            activity(t, "a");
        }
        makeUnkeyed(temp.resolve("data"));
        try (TestServer t = new TestServer(temp)) {
            activity(t, "b");
        }
        Path data = temp.resolve("data");
        long last = Long.parseLong(Files.readString(data.resolve("audit-head")).split(" ")[0]);
        // the newest entry changed and its MAC dropped, to pass it off as one from before keys
        Forger.rewriteAudit(data, "UPDATE audit_log SET detail = '{}', mac = NULL WHERE id = " + last);
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("#" + last), v.err());
        assertFalse(v.err().isBlank());
    }
}
