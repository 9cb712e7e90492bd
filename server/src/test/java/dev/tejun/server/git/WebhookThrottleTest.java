package dev.tejun.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.FakeClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged push webhooks are audited once per address and window with their count, never once per call; past the
 * limit the address is told to slow down (429); a call with the right signature still goes through meanwhile.
 */
class WebhookThrottleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "webhook-shared-secret";
    static final String BODY = "{\"ref\":\"refs/heads/elsewhere\"}";

    @TempDir
    Path temp;

    @Test
    void webhook_thirtyForgedCalls_oneAuditEntryThen429_aSignedCallStillGoes() throws Exception {
        Settings settings = Settings.of(
                Map.of(),
                Map.of(Key.GIT_WEBHOOK_SECRET.env(), SECRET),
                Map.of(Key.GIT_REMOTE_URL, temp.resolve("remote.git").toString()));
        try (TestServer t = new TestServer(temp, config -> config.with(settings))) {
            String forged = "sha256=" + WebhookSignature.hmac("not-the-secret", BODY.getBytes(StandardCharsets.UTF_8));
            int[] statuses = new int[30];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = t.send("POST", "/api/git/webhook", BODY, Map.of(WebhookSignature.GITHUB, forged))
                        .statusCode();
            }
            String signed = "sha256=" + WebhookSignature.hmac(SECRET, BODY.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> real =
                    t.send("POST", "/api/git/webhook", BODY, Map.of(WebhookSignature.GITHUB, signed));

            JsonNode entries = JSON.readTree(t.get("/api/audit?limit=1000").body());
            int webhookEntries = 0;
            for (JsonNode e : entries) {
                webhookEntries += e.toString().contains("/api/git/webhook")
                                && !e.toString().contains("\"ok\"")
                        ? 1
                        : 0;
            }

            assertEquals(401, statuses[0]);
            assertEquals(401, statuses[WebhookRefusals.LIMIT - 1]);
            assertEquals(429, statuses[WebhookRefusals.LIMIT]);
            assertEquals(429, statuses[29]);
            assertEquals(202, real.statusCode(), real.body());
            assertEquals(1, webhookEntries, entries.toString());
            assertTrue(entries.toString().contains("wrong signature"), entries.toString());
        }
    }

    @Test
    void refused_nextWindow_carriesTheCountOfTheOneBefore() {
        FakeClock clock = new FakeClock(Instant.parse("2026-12-04T10:00:00Z"));
        try (Database db = TestDatabases.open(temp)) {
            AuditLog log = new AuditLog(db, clock);
            WebhookRefusals refusals = new WebhookRefusals(log, clock);
            for (int i = 0; i < 12; i++) {
                refusals.refused("10.0.0.1", "wrong signature");
            }
            clock.advance(WebhookRefusals.WINDOW.plus(Duration.ofSeconds(1)));
            boolean throttledAfter = refusals.refused("10.0.0.1", "wrong signature");

            List<AuditEntry> entries = log.query(new AuditLog.Filter(null, "git.webhook", null, null, 100))
                    .reversed();
            assertEquals(2, entries.size(), entries.toString());
            assertEquals(
                    "{\"reason\":\"wrong signature\",\"windowSeconds\":60}",
                    entries.getFirst().detail());
            assertEquals(
                    "{\"reason\":\"wrong signature\",\"windowSeconds\":60,\"moreInWindowBefore\":11,"
                            + "\"windowBeforeStarted\":\"2026-12-04T10:00:00Z\"}",
                    entries.getLast().detail());
            assertEquals(false, throttledAfter);
        }
    }
}
