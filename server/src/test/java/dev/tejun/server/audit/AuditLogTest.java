package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("book.md", "# Book\n\n```sh {#a}\necho hi\n```\n");
    }

    List<String> actions() throws Exception {
        JsonNode entries = JSON.readTree(t.get("/api/audit").body());
        List<String> out = new java.util.ArrayList<>();
        entries.forEach(
                e -> out.add(e.path("action").asText() + "/" + e.path("outcome").asText() + "/"
                        + e.path("user").asText() + "/" + e.path("iface").asText()));
        return out;
    }

    @Test
    void everyInterface_mutationsLoginsRefusalsAndExecutionsAreLogged() throws Exception {
        t.put("/api/runbooks/new.md", "{\"text\":\"# New\\n\"}");
        t.send("POST", "/api/login", "{\"name\":\"tester\",\"password\":\"nope-nope-nope\"}", Map.of());
        t.login("tester");
        t.send("GET", "/api/runbooks", null, Map.of());
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"execute\",\"id\":\"1\",\"cellId\":\"a\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(WsClient.runFinished(runId));
        }
        List<String> a = List.of();
        for (int i = 0; i < 50; i++) { // the end of a run is written just after its last event
            a = actions();
            if (a.stream().anyMatch(s -> s.startsWith("execution.end"))) {
                break;
            }
            Thread.sleep(100);
        }
        String all = String.join("\n", a);
        assertTrue(all.contains("PUT /api/runbooks/<name>/ok/tester/api"), all);
        assertTrue(all.contains("login/failed/tester/web"), all);
        assertTrue(all.contains("login/ok/tester/web"), all);
        assertTrue(all.contains("refused/401/null/web"), all);
        assertTrue(all.contains("execution.start/queued/tester/ws"), all);
        assertTrue(all.contains("execution.end/ok/tester/ws"), all);
        assertTrue(JSON.readTree(t.get("/api/audit/verify").body()).path("ok").asBoolean());
        String csv = t.get("/api/audit?format=csv&action=login").body();
        assertTrue(
                csv.startsWith("id,at,user,interface,action,target,outcome,address,detail,prev_hash,hash,mac\r\n"),
                csv);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.matches(".*,\"[0-9a-f]{64}\",\"[0-9a-f]{64}\"$")), csv);
        assertTrue(csv.contains("\"login\"") && !csv.contains("\"PUT /api"), csv);
    }

    @Test
    void table_refusesUpdateAndDelete() {
        Database db = TestDatabases.open(t.data);
        new AuditLog(db, java.time.Clock.systemUTC()).append("x", Via.API, "a", null, "ok", null, null);
        assertThrows(
                dev.tejun.cmdb.db.DatabaseException.class,
                () -> db.write(c -> c.createStatement().executeUpdate("UPDATE audit_log SET user_name = 'mallory'")));
        assertThrows(
                dev.tejun.cmdb.db.DatabaseException.class,
                () -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM audit_log")));
    }

    @Test
    void verify_namesDeletedAndChangedRows() throws Exception {
        Database db = TestDatabases.open(t.data);
        AuditLog log = new AuditLog(db, java.time.Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            log.append("u" + i, Via.API, "act", "t" + i, "ok", "127.0.0.1", null);
        }
        long victim = log.last().orElseThrow().id() - 2;
        assertEquals(0, run(t.data));
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                dropAppendOnly(db, st, "audit_log_no_delete");
                return st.executeUpdate("DELETE FROM audit_log WHERE id = " + victim);
            }
        });
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                1,
                AuditVerifyCommand.run(
                        TestDatabases.settings(t.data),
                        null,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true)));
        assertTrue(err.toString().contains("entry " + victim), err.toString());
    }

    @Test
    void verify_namesEditedRow() {
        Database db = TestDatabases.open(t.data);
        AuditLog log = new AuditLog(db, java.time.Clock.systemUTC());
        long id = log.append("alice", Via.API, "user.delete", "bob", "ok", null, null)
                .id();
        log.append("alice", Via.API, "later", null, "ok", null, null);
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                dropAppendOnly(db, st, "audit_log_no_update");
                return st.executeUpdate("UPDATE audit_log SET user_name = 'mallory' WHERE id = " + id);
            }
        });
        AuditLog.Verification v = log.verify();
        assertEquals(id, v.brokenAt(), v.toString());
    }

    /**
     * What someone with the database's own rights does first: takes away the trigger that refuses the change (on
     * SQLite one for UPDATE and one for DELETE; on PostgreSQL one trigger refuses both).
     */
    private static void dropAppendOnly(Database db, Statement st, String sqliteTrigger) throws SQLException {
        st.executeUpdate(
                db.dialect() == Dialect.POSTGRESQL
                        ? "DROP TRIGGER audit_log_no_update ON audit_log"
                        : "DROP TRIGGER " + sqliteTrigger);
    }

    private static int run(Path data) {
        return AuditVerifyCommand.run(
                TestDatabases.settings(data),
                null,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }
}
