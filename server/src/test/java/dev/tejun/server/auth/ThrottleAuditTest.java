package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused sign-ins are audited once per address per window, with the count, not once per attempt. */
class ThrottleAuditTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void login_manyThrottledAttemptsFromOneAddress_oneAuditEntry() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            int throttled = 0;
            for (int i = 0; i < 30; i++) {
                int status = t.send(
                                "POST",
                                "/api/login",
                                "{\"name\":\"mallory\",\"password\":\"guess" + i + "\"}",
                                Map.of())
                        .statusCode();
                throttled += status == 429 ? 1 : 0;
            }
            JsonNode entries =
                    JSON.readTree(t.get("/api/audit?action=login&limit=1000").body());
            int audited = 0;
            for (JsonNode e : entries) {
                audited += e.path("outcome").asText().equals("throttled") ? 1 : 0;
            }
            assertEquals(true, throttled > 10, throttled + " attempts throttled");
            assertEquals(1, audited, entries.toString());
        }
    }

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void refused_nextWindow_carriesTheCountOfTheOneBefore() {
        Moving clock = new Moving();
        try (Database db = TestDatabases.open(temp)) {
            AuditLog log = new AuditLog(db, clock);
            ThrottleAudit audit = new ThrottleAudit(log, clock);
            for (int i = 0; i < 5; i++) {
                audit.refused("mallory", "10.0.0.1", "slow down");
            }
            audit.refused("eve", "10.0.0.2", "slow down");
            clock.now = clock.now.plus(ThrottleAudit.WINDOW).plus(Duration.ofSeconds(1));
            audit.refused("mallory", "10.0.0.1", "slow down");
            List<AuditEntry> entries = log.query(new AuditLog.Filter(null, "login", null, null, 100))
                    .reversed();
            assertEquals(
                    List.of("10.0.0.1", "10.0.0.2", "10.0.0.1"),
                    entries.stream().map(AuditEntry::address).toList());
            assertEquals(
                    "{\"reason\":\"slow down\",\"windowSeconds\":60}",
                    entries.getFirst().detail());
            assertEquals(
                    "{\"reason\":\"slow down\",\"windowSeconds\":60,\"moreInWindowBefore\":4,"
                            + "\"windowBeforeStarted\":\"2026-12-03T10:00:00Z\"}",
                    entries.getLast().detail());
        }
    }
}
