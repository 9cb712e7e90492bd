package dev.tejun.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 3: one permission policy decides approvals as it decides runs (the approval check once refused,
 * for {@code approver=viewer}, an operator the socket admitted), and four eyes: with {@code approver-not-starter:
 * true} the starter's approve is refused with a reason and audited, for a pause cell and a flow's pause node.
 */
class ApprovalPolicySecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    /** Starts {@code runbook} over REST as the holder of {@code token} and waits for its pause; answers its id. */
    private String pendingApproval(String token, String runbook) throws Exception {
        HttpResponse<String> r = ts.as(token, "POST", "/api/runs", "{\"runbook\":\"" + runbook + "\"}");
        assertTrue(r.statusCode() < 300, r.body());
        String[] id = new String[1];
        Await.until(
                () -> {
                    JsonNode pending = JSON.readTree(ts.get("/api/approvals").body());
                    if (pending.isEmpty()) {
                        return false;
                    }
                    id[0] = pending.get(0).get("id").asText();
                    return true;
                },
                "the pause to wait");
        return id[0];
    }

    @Test
    void approveCell_pauseNamesViewer_operatorApproverAdmittedAsBySocket() throws Exception {
        ts = new TestServer(tmp);
        ts.write("gate.md", "```pause {#hold approver=viewer}\nready?\n```\n");
        String opApprover = ts.userWith("oa", Role.OPERATOR, Role.APPROVER);
        String id = pendingApproval(ts.token, "gate.md");
        HttpResponse<String> r = ts.as(opApprover, "POST", "/api/approvals/" + id + "/approve", "");
        assertEquals(200, r.statusCode(), "every role grants viewer, here as on the socket: " + r.body());
    }

    @Test
    void approveCell_fourEyes_starterRefused403Audited_otherApproverAdmitted() throws Exception {
        ts = new TestServer(tmp);
        ts.write("change.md", """
                ---
                approver-not-starter: true
                ---
                ```pause {#hold}
                second pair of eyes?
                ```
                """);
        String alice = ts.userWith("alice", Role.OPERATOR, Role.APPROVER);
        String bob = ts.userWith("bob", Role.APPROVER);
        String id = pendingApproval(alice, "change.md");

        HttpResponse<String> own = ts.as(alice, "POST", "/api/approvals/" + id + "/approve", "");
        assertEquals(403, own.statusCode(), own.body());
        assertTrue(own.body().contains("four eyes"), own.body());
        String audit = ts.get("/api/audit?user=alice&action=approval.approve").body();
        assertTrue(audit.contains("refused") && audit.contains("four eyes"), audit);

        assertEquals(
                200, ts.as(bob, "POST", "/api/approvals/" + id + "/approve", "").statusCode());
    }

    @Test
    void approveFlowNode_fourEyes_starterRefused403Audited_otherApproverAdmitted() throws Exception {
        ts = new TestServer(tmp);
        ts.write("change.flow.yaml", """
                title: Change
                approver-not-starter: true
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: done }
                  - { id: done, type: end }
                """);
        String alice = ts.userWith("alice", Role.OPERATOR, Role.APPROVER);
        String bob = ts.userWith("bob", Role.APPROVER);
        HttpResponse<String> started = ts.as(alice, "POST", "/api/flows/change.flow.yaml/start", "{}");
        assertEquals(201, started.statusCode(), started.body());
        String id = JSON.readTree(started.body()).get("id").asText();
        Await.until(
                () -> JSON.readTree(ts.get("/api/flow-instances/" + id).body())
                        .toString()
                        .contains("\"paused\""),
                "the pause node to wait");

        HttpResponse<String> own =
                ts.as(alice, "POST", "/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\"}");
        assertEquals(403, own.statusCode(), own.body());
        assertTrue(own.body().contains("four eyes"), own.body());
        String audit = ts.get("/api/audit?user=alice&action=flow.approve").body();
        assertTrue(audit.contains("refused") && audit.contains("four eyes"), audit);

        assertEquals(
                200,
                ts.as(bob, "POST", "/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\"}")
                        .statusCode());
    }
}
