package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import dev.tejun.server.ws.Messages;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks every route the server registered (not a list kept here), so a route added later without a role, or with
 * a check that lets the wrong people in, fails this test. Likewise every WebSocket message type.
 */
class RouteTableTest {

    /** The role each socket message needs; a new message type must be added here or the test fails. */
    static final Map<String, Role> MESSAGE_ROLES = Map.of(
            "attach",
            Role.VIEWER,
            "execute",
            Role.OPERATOR,
            "run-all",
            Role.OPERATOR,
            "interrupt",
            Role.OPERATOR,
            "restart",
            Role.OPERATOR);

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("book.md", "# Book\n\n```sh {#a}\necho hi\n```\n");
    }

    /** A sample value for each path parameter, in both Javalin forms: {@code {x}} and {@code <x>} (takes slashes). */
    static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("<name>", "book.md"),
            Map.entry("{name}", "tester"),
            Map.entry("{index}", "0"),
            Map.entry("{runId}", "20260101-120000-abcdef"),
            Map.entry("{cellId}", "a"),
            Map.entry("{stream}", "stdout"),
            Map.entry("{id}", "0123456789abcdef"),
            Map.entry("<id>", "0123456789abcdef"),
            Map.entry("{sheet}", "web"),
            Map.entry("{planId}", "0123456789abcdef"),
            Map.entry("{node}", "approve"));

    /** The route's path with every parameter filled; a parameter without a sample fails, so no route slips through. */
    static String concrete(String path) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\{[^}]*}|<[^>]*>").matcher(path);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String sample = SAMPLES.get(m.group());
            assertNotNull(sample, "no sample value for path parameter " + m.group() + " of " + path);
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(sample));
        }
        return m.appendTail(b).toString();
    }

    /** A user holding every role but what {@code needed} asks for (for viewer: no role at all). */
    String lacking(Role needed) {
        EnumSet<Role> roles = EnumSet.of(Role.VIEWER, Role.EDITOR, Role.OPERATOR, Role.APPROVER);
        roles.remove(needed);
        if (needed == Role.VIEWER) {
            roles.clear();
        }
        return t.userWith("lacks-" + needed.wire(), roles.toArray(Role[]::new));
    }

    @Test
    void everyRoute_namesOneRole_401WithoutSignIn_403WithoutRole() throws Exception {
        List<RouteInfo> routes = t.server.routes();
        assertTrue(routes.size() >= 20, "the route list is read from the server: " + routes);
        Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
        for (RouteInfo r : routes) {
            assertEquals(1, r.roles().size(), r + " must name exactly one role");
            Role needed = r.roles().iterator().next();
            if (needed == Role.PUBLIC || r.method().equals("WS")) {
                continue;
            }
            String path = concrete(r.path());
            String body = r.method().equals("GET") || r.method().equals("DELETE") ? null : "{}";
            HttpResponse<String> anonymous = t.send(r.method(), path, body, Map.of());
            assertEquals(401, anonymous.statusCode(), r + " without sign-in: " + anonymous.body());
            String token = tokens.computeIfAbsent(needed, this::lacking);
            HttpResponse<String> weak = t.as(token, r.method(), path, body);
            assertEquals(403, weak.statusCode(), r + " without role " + needed.wire() + ": " + weak.body());
        }
    }

    @Test
    void publicRoutes_areOnlyTheExpectedOnes() {
        List<String> open = t.server.routes().stream()
                .filter(r -> r.roles().contains(Role.PUBLIC))
                .map(r -> r.method() + " " + r.path())
                .sorted()
                .toList();
        // the readiness probe is public like liveness: a load balancer asks it without a token; it names no data.
        // A monitoring source's endpoint checks the source's own credential (SourceEndpointsTest). Single sign-on's
        // routes come before anybody is signed in; the callback checks state, PKCE and the ID token (OidcSignInTest).
        // The Git push webhook checks the host's signature with the shared secret (GitRemoteApiTest)
        assertEquals(
                List.of(
                        "GET /api/health",
                        "GET /api/health/ready",
                        "GET /api/sso",
                        "GET /api/sso/oidc/callback",
                        "GET /api/sso/oidc/start",
                        "POST /api/events/in/{name}",
                        "POST /api/git/webhook",
                        "POST /api/login",
                        "POST /api/logout"),
                open);
    }

    @Test
    void socket_401WithoutSignIn_403WithoutRole() {
        Map<String, String> browser = Map.of("Origin", t.server.baseUrl());
        assertHandshake(401, browser);
        String none = t.userWith("nobody");
        assertHandshake(403, Map.of("Origin", t.server.baseUrl(), "Authorization", "Bearer " + none));
    }

    @Test
    void everySocketMessage_refusedWithoutItsRole_socketStays() throws Exception {
        String viewer = t.userWith("viewer-only", Role.VIEWER);
        for (Class<?> type : Messages.Client.class.getPermittedSubclasses()) {
            String name = type.getAnnotation(JsonTypeName.class).value();
            Role needed = MESSAGE_ROLES.get(name);
            assertNotNull(needed, "message type '" + name + "' has no entry in MESSAGE_ROLES");
            if (needed == Role.VIEWER) {
                continue; // covered by the handshake: nobody below viewer gets a socket
            }
            try (WsClient ws = WsClient.connect(
                    t, "book.md", Map.of("Origin", t.server.baseUrl(), "Authorization", "Bearer " + viewer))) {
                String cell = name.equals("execute") ? ",\"cellId\":\"a\"" : "";
                ws.send("{\"type\":\"" + name + "\",\"id\":\"m1\"" + cell + "}");
                JsonNode reply = ws.next("error");
                assertEquals("m1", reply.path("replyTo").asText());
                assertTrue(reply.path("message").asText().contains("operator"), reply.toString());
                ws.send("{\"type\":\"attach\"}");
                assertEquals("book.md", ws.next("snapshot").path("runbook").asText(), "the socket stays usable");
                assertFalse(ws.pending().stream()
                        .anyMatch(m -> m.path("type").asText().equals("accepted")));
            }
        }
    }

    @Test
    void frontMatterRequires_narrowsWhoMayExecute() throws Exception {
        t.write("dba.md", "---\nrequires: [operator, dba]\n---\n# DBA\n\n```sh {#a}\necho hi\n```\n");
        String operator = t.userWith("op", Role.OPERATOR);
        try (WsClient ws = WsClient.connect(
                t, "dba.md", Map.of("Origin", t.server.baseUrl(), "Authorization", "Bearer " + operator))) {
            ws.send("{\"type\":\"execute\",\"id\":\"x\",\"cellId\":\"a\"}");
            assertTrue(ws.next("error").path("message").asText().contains("dba"));
        }
        try (WsClient ws = t.connect("dba.md")) { // tester is admin
            ws.send("{\"type\":\"execute\",\"id\":\"y\",\"cellId\":\"a\"}");
            assertEquals("y", ws.next("accepted").path("replyTo").asText());
        }
    }

    @Test
    void roleMatrix_holdersAndGrants() {
        assertTrue(Role.VIEWER.grantedBy(EnumSet.of(Role.OPERATOR)), "any role reads");
        assertFalse(Role.OPERATOR.grantedBy(EnumSet.of(Role.EDITOR, Role.VIEWER)), "an editor cannot execute");
        assertFalse(Role.EDITOR.grantedBy(EnumSet.of(Role.OPERATOR)), "an operator cannot edit");
        assertFalse(Role.ADMIN.grantedBy(EnumSet.of(Role.VIEWER, Role.EDITOR, Role.OPERATOR, Role.APPROVER)));
        for (Role r : Role.values()) {
            assertTrue(r.grantedBy(EnumSet.of(Role.ADMIN)), "admin holds " + r);
        }
        assertFalse(Role.VIEWER.grantedBy(EnumSet.noneOf(Role.class)));
    }

    private void assertHandshake(int status, Map<String, String> headers) {
        CompletionException e =
                assertThrows(CompletionException.class, () -> WsClient.connectExactly(t, "book.md", headers));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(status, refused.getResponse().statusCode(), headers.toString());
    }
}
