package dev.tejun.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.server.auth.OpenSockets;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 3: {@code /ws/flows} needs a sign-in (an anonymous client received every instance push) and a
 * user who is disabled, deleted or loses a role has every open socket closed at once, notebook and flows alike.
 */
class SocketSecurityTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Map<String, String> as(String token) {
        return Map.of("Origin", ts.server.baseUrl(), "Authorization", "Bearer " + token);
    }

    private void flow() throws Exception {
        ts.write("say.md", "```sh\necho hi\n```\n");
        ts.write("say.flow.yaml", """
                title: Say
                nodes:
                  - { id: say, type: runbook, runbook: say.md, next: done }
                  - { id: done, type: end }
                """);
    }

    @Test
    void wsFlows_anonymous_refusedAtHandshake() throws Exception {
        ts = new TestServer(tmp);
        CompletionException e = assertThrows(
                CompletionException.class,
                () -> WsClient.connectPath(ts, "/ws/flows", Map.of("Origin", ts.server.baseUrl())));
        assertEquals(
                401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void wsFlows_userWithoutRoles_refusedAtHandshake() throws Exception {
        ts = new TestServer(tmp);
        String nobody = ts.userWith("nobody");
        CompletionException e =
                assertThrows(CompletionException.class, () -> WsClient.connectPath(ts, "/ws/flows", as(nobody)));
        assertEquals(
                403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void wsFlows_viewer_receivesInstancePushes() throws Exception {
        ts = new TestServer(tmp);
        flow();
        String viewer = ts.userWith("vi", Role.VIEWER);
        try (WsClient ws = WsClient.connectPath(ts, "/ws/flows", as(viewer))) {
            ws.next("subscribed"); // registered: the start below is pushed
            assertEquals(201, ts.post("/api/flows/say.flow.yaml/start", "{}").statusCode());
            assertEquals(
                    "say.flow.yaml",
                    ws.next("instance").get("instance").get("flow").asText());
        }
    }

    @Test
    void disableUser_closesTheirNotebookAndFlowsSockets() throws Exception {
        ts = new TestServer(tmp);
        ts.write("book.md", "```sh\necho hi\n```\n");
        String operator = ts.userWith("op", Role.OPERATOR);
        WsClient session = WsClient.connect(ts, "book.md", as(operator));
        WsClient flows = WsClient.connectPath(ts, "/ws/flows", as(operator));
        session.send("{\"type\":\"attach\",\"since\":0}");
        assertEquals(200, ts.put("/api/users/op", "{\"disabled\":true}").statusCode());
        assertEquals(OpenSockets.POLICY, session.awaitClosed());
        assertEquals(OpenSockets.POLICY, flows.awaitClosed());
    }

    @Test
    void deleteUser_closesTheirSockets() throws Exception {
        ts = new TestServer(tmp);
        ts.write("book.md", "```sh\necho hi\n```\n");
        String viewer = ts.userWith("vi", Role.VIEWER);
        WsClient session = WsClient.connect(ts, "book.md", as(viewer));
        assertEquals(
                204,
                ts.send("DELETE", "/api/users/vi", null, Map.of("Authorization", "Bearer " + ts.token))
                        .statusCode());
        assertEquals(OpenSockets.POLICY, session.awaitClosed());
    }

    @Test
    void reduceRoles_closesTheirSockets_soTheyReconnectWithTheNewRoles() throws Exception {
        ts = new TestServer(tmp);
        ts.write("book.md", "```sh\necho hi\n```\n");
        String operator = ts.userWith("op", Role.OPERATOR, Role.APPROVER);
        WsClient session = WsClient.connect(ts, "book.md", as(operator));
        WsClient flows = WsClient.connectPath(ts, "/ws/flows", as(operator));
        assertEquals(200, ts.put("/api/users/op", "{\"roles\":[\"operator\"]}").statusCode());
        assertEquals(OpenSockets.POLICY, session.awaitClosed());
        assertEquals(OpenSockets.POLICY, flows.awaitClosed());
    }

    /**
     * Roles are remembered between socket messages (a cell run does not read the users table): a role taken away
     * while the socket is open must still refuse the very next run, whatever was remembered for the run before.
     */
    @Test
    void reduceRoles_afterARun_theNextRunOnTheOpenSocketIsRefused() throws Exception {
        ts = new TestServer(tmp);
        ts.write("book.md", "```sh {#first}\necho hi\n```\n");
        String operator = ts.userWith("op", Role.OPERATOR);
        WsClient session = WsClient.connect(ts, "book.md", as(operator));
        session.send("{\"type\":\"attach\",\"since\":0}");
        session.next("snapshot");
        session.send("{\"type\":\"execute\",\"id\":\"a\",\"cellId\":\"first\"}");
        String first = session.next("accepted").path("runId").asText();
        assertEquals("ok", session.finalStatus(first));

        assertEquals(200, ts.put("/api/users/op", "{\"roles\":[\"viewer\"]}").statusCode());
        try {
            session.send("{\"type\":\"execute\",\"id\":\"b\",\"cellId\":\"first\"}");
        } catch (CompletionException closedAlready) {
            // the server closed the socket before the message left: refused all the same
        }

        assertEquals(OpenSockets.POLICY, session.awaitClosed());
        assertEquals(
                List.of(),
                session.pending().stream()
                        .filter(m -> m.path("type").asText().equals("accepted"))
                        .toList(),
                "the run after the demotion was never accepted");
    }
}
