package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.fixtures.AcrossTwoServers;
import dev.tejun.server.fixtures.WsClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL database: a user disabled, deleted or demoted through one has the sockets they hold
 * open on the other closed too (before, only the server that took the change closed its own; the other refused the
 * next request but went on pushing to the open sockets).
 */
class SocketsAcrossServersTest extends AcrossTwoServers {

    @BeforeEach
    void write() throws Exception {
        a.write("book.md", "```sh\necho hi\n```\n");
    }

    private Map<String, String> as(String token) {
        return Map.of("Origin", a.server.baseUrl(), "Authorization", "Bearer " + token);
    }

    @Test
    void disableUser_throughB_closesTheirSocketsOnA() throws Exception {
        String operator = a.userWith("op", Role.OPERATOR);
        WsClient session = WsClient.connect(a, "book.md", as(operator));
        WsClient flows = WsClient.connectPath(a, "/ws/flows", as(operator));
        session.send("{\"type\":\"attach\",\"since\":0}");

        assertEquals(200, b.put("/api/users/op", "{\"disabled\":true}").statusCode());

        assertEquals(OpenSockets.POLICY, session.awaitClosed());
        assertEquals(OpenSockets.POLICY, flows.awaitClosed());
    }

    @Test
    void deleteUser_throughB_closesTheirSocketOnA() throws Exception {
        String viewer = a.userWith("vi", Role.VIEWER);
        WsClient session = WsClient.connect(a, "book.md", as(viewer));

        assertEquals(
                204,
                b.send("DELETE", "/api/users/vi", null, Map.of("Authorization", "Bearer " + b.token))
                        .statusCode());

        assertEquals(OpenSockets.POLICY, session.awaitClosed());
    }

    @Test
    void reduceRoles_throughB_closesOnA_onlyTheSocketsAdmittedWithTheRoleTaken() throws Exception {
        String token = a.userWith("op", Role.OPERATOR, Role.APPROVER);
        WsClient session = WsClient.connect(a, "book.md", as(token));

        assertEquals(200, b.put("/api/users/op", "{\"roles\":[\"operator\"]}").statusCode());

        assertEquals(OpenSockets.POLICY, session.awaitClosed());
        // reconnected with the roles left, the socket stays through a change that takes nothing from them
        WsClient again = WsClient.connect(a, "book.md", as(token));
        assertEquals(
                200,
                b.put("/api/users/op", "{\"roles\":[\"operator\",\"approver\"]}")
                        .statusCode());
        assertEquals(200, b.put("/api/users/op", "{\"roles\":[\"viewer\"]}").statusCode());
        assertEquals(OpenSockets.POLICY, again.awaitClosed());
    }
}
