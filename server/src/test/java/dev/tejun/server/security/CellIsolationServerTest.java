package dev.tejun.server.security;

import static dev.tejun.server.fixtures.WsClient.runFinished;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.audit.AuditVerifyCommand;
import dev.tejun.server.auth.FirstAdmin;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's shell cell, on the real server, goes for the control plane: the first-run admin password, the
 * database (password hashes, secrets), the audit log and its head. Each attempt fails, and the audit log still
 * verifies with every entry in place. (Forging with file access is the keyed proof's to stop; here the cell has none.)
 */
class CellIsolationServerTest {

    @Served
    TestServer t;

    private String book() {
        String data = t.data.toString();
        return """
                # Attack

                ```sh {#attack}
                cat '%1$s/%2$s' 2>/dev/null && echo 'READ password file'
                cat '%1$s/tejun.db' 2>/dev/null | head -c 16 | grep -q SQLite && echo 'READ database'
                python3 - <<'PY' 2>/dev/null && echo 'DELETED audit entries'
                import sqlite3
                c = sqlite3.connect('%1$s/tejun.db')
                c.execute('DROP TRIGGER IF EXISTS audit_log_no_delete')
                c.execute('DELETE FROM audit_log')
                c.commit()
                PY
                echo forged 2>/dev/null > '%1$s/audit-head' && echo 'WROTE audit head'
                env
                echo end
                ```
                """.formatted(data, FirstAdmin.FILE);
    }

    private long auditEntries() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t.data.resolve("tejun.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_log")) {
            return rs.getLong(1);
        }
    }

    @Test
    void operatorCell_goesForPasswordDatabaseAndAudit_reachesNone() throws Exception {
        t.write("attack.md", book());
        String operator = t.userWith("op", Role.OPERATOR);
        long before = auditEntries();
        String adminPassword = Files.exists(t.data.resolve(FirstAdmin.FILE))
                ? Files.readString(t.data.resolve(FirstAdmin.FILE)).strip()
                : null;

        String out;
        try (WsClient ws = WsClient.connect(
                t, "attack.md", Map.of("Origin", t.server.baseUrl(), "Authorization", "Bearer " + operator))) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            ws.send("{\"type\":\"execute\",\"id\":\"m1\",\"cellId\":\"attack\"}");
            String runId = ws.next("accepted").path("runId").asText();
            List<JsonNode> events = ws.eventsUntil(runFinished(runId));
            StringBuilder text = new StringBuilder();
            events.stream()
                    .filter(e -> e.path("type").asText().equals("cell-output"))
                    .forEach(e -> text.append(e.path("text").asText()));
            out = text.toString();
        }

        assertTrue(out.contains("end\n"), "the cell ran to its end:\n" + out);
        assertFalse(out.contains("READ") || out.contains("DELETED") || out.contains("WROTE"), out);
        if (adminPassword != null) {
            assertFalse(out.contains(adminPassword), "admin password leaked:\n" + out);
        }
        String serverVariable = System.getenv().keySet().stream()
                .filter(k -> k.startsWith("MAVEN") || k.startsWith("JAVA"))
                .findFirst()
                .orElse("JAVA_HOME");
        assertFalse(out.contains(serverVariable + "="), "server variable " + serverVariable + " leaked:\n" + out);
        assertTrue(auditEntries() >= before, "no audit entry was deleted");
        // the run's end is audited just after the run ends, and verify reads the log and its head one after the
        // other: it is asked again until the server is done writing (a forged log would never pass)
        try {
            Await.until(() -> verify() == 0, "audit verify to pass");
        } catch (AssertionError e) {
            throw new AssertionError(verifyOutput.toString(), e);
        }
    }

    private final ByteArrayOutputStream verifyOutput = new ByteArrayOutputStream();

    private int verify() {
        verifyOutput.reset();
        return AuditVerifyCommand.run(
                t.data, null, new PrintStream(verifyOutput, true), new PrintStream(verifyOutput, true));
    }
}
