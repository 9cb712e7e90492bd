package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.FakeClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens made with a lifetime: listed with their expiry, refused after it (and told why), audited. */
class TokenExpiryTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(
                temp,
                c -> new ServerConfig(
                        c.host(),
                        c.port(),
                        c.runbooksDir(),
                        c.dataDir(),
                        c.executors(),
                        clock,
                        c.cmdb(),
                        c.headExport(),
                        c.settings()));
    }

    @Test
    void token_withLifetime_worksUntilItsExpiry_thenRefusedAndAudited() throws Exception {
        HttpResponse<String> made = t.as(t.token, "POST", "/api/tokens", "{\"label\":\"ci\",\"days\":30}");
        assertEquals(201, made.statusCode(), made.body());
        JsonNode info = JSON.readTree(made.body()).path("info");
        assertEquals("2026-03-31T09:00:00Z", info.path("expiresAt").asText());
        String token = JSON.readTree(made.body()).path("token").asText();
        String id = info.path("id").asText();

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertEquals(200, t.as(token, "GET", "/api/me", null).statusCode(), "a second before its expiry");

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> late = t.as(token, "GET", "/api/me", null);
        assertEquals(401, late.statusCode(), "at its expiry");
        assertTrue(late.body().contains("expired at 2026-03-31T09:00:00Z"), late.body());

        JsonNode listed =
                JSON.readTree(t.as(t.token, "GET", "/api/tokens", null).body());
        JsonNode row = null;
        for (JsonNode n : listed) {
            row = n.path("id").asText().equals(id) ? n : row;
        }
        assertEquals("2026-03-31T09:00:00Z", row.path("expiresAt").asText(), listed.toString());

        String audit = t.get("/api/audit?action=token.create").body();
        assertTrue(audit.contains("2026-03-31T09:00:00Z"), "the expiry is in the audit entry: " + audit);
        String refused = t.get("/api/audit?action=refused&limit=1000").body();
        assertTrue(refused.contains("expired at 2026-03-31T09:00:00Z"), refused);
    }

    @Test
    void token_withoutLifetime_neverExpires() throws Exception {
        HttpResponse<String> made = t.as(t.token, "POST", "/api/tokens", "{\"label\":\"cron\"}");
        String token = JSON.readTree(made.body()).path("token").asText();
        assertTrue(JSON.readTree(made.body()).path("info").path("expiresAt").isNull(), made.body());
        clock.advance(Duration.ofDays(5000));
        assertEquals(200, t.as(token, "GET", "/api/me", null).statusCode());
    }

    @Test
    void token_lifetimeOutOfRange_400() throws Exception {
        assertEquals(400, t.as(t.token, "POST", "/api/tokens", "{\"days\":0}").statusCode());
        assertEquals(
                400, t.as(t.token, "POST", "/api/tokens", "{\"days\":3651}").statusCode());
        assertEquals(
                400, t.as(t.token, "POST", "/api/tokens", "{\"days\":\"soon\"}").statusCode());
    }
}
