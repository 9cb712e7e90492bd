package dev.tejun.server.events.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.FakeClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused posts to a source's endpoint come from nobody signed in, so each must not cost an audit row: per client
 * address (as the trusted proxy tells it), a small burst is audited one by one, then further refusals are answered
 * 429 and counted in one summary row per interval. Other addresses' posts go on as before.
 */
class RefusedPostThrottleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATTACKER = "203.0.113.9";
    private static final String BODY = "{\"check\":\"HTTP\",\"node\":\"web-1\",\"state\":\"down\",\"id\":\"c-1\"}";

    @TempDir
    Path tmp;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));

    @AutoClose
    private TestServer ts;

    private String secret;

    @BeforeEach
    void start() throws Exception {
        Settings proxied =
                Settings.of(ConfigFile.parse("test.yaml", "server.trusted-proxies: [127.0.0.1]\n"), Map.of(), Map.of());
        ts = new TestServer(
                tmp,
                c -> new ServerConfig(
                                c.host(),
                                c.port(),
                                c.runbooksDir(),
                                c.dataDir(),
                                c.executors(),
                                clock,
                                c.cmdb(),
                                null,
                                null)
                        .with(proxied));
        HttpResponse<String> r = ts.post("/api/event-sources", """
                {"name":"checks","format":"json","auth":"bearer",
                 "mapping":{"name":"/check","host":"/node","status":"/state","fingerprint":"/id"}}""");
        assertEquals(201, r.statusCode(), r.body());
        secret = JSON.readTree(r.body()).get("secret").asText();
    }

    private HttpResponse<String> post(String from, String name, String token, String body) throws Exception {
        return ts.send(
                "POST",
                "/api/events/in/" + name,
                body,
                Map.of("X-Forwarded-For", from, "Authorization", "Bearer " + token));
    }

    /** The audit rows of refused source posts, oldest first. */
    private List<JsonNode> refusals() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e :
                JSON.readTree(ts.get("/api/audit?action=refused&limit=10000").body())) {
            if (e.get("target").asText().startsWith("POST /api/events/in/")) {
                out.add(0, e);
            }
        }
        return out;
    }

    @Test
    void refusedPosts_manyFromOneAddress_burstAuditedThen429AndOneSummaryRow() throws Exception {
        int n = 60;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // wrong token, unknown source, alike
            statuses.add(post(ATTACKER, i % 2 == 0 ? "checks" : "nagios", "guess-" + i, BODY)
                    .statusCode());
        }

        int burst = RefusalThrottle.BURST;
        assertEquals(
                List.of(401), statuses.subList(0, burst).stream().distinct().toList());
        assertEquals(
                List.of(429), statuses.subList(burst, n).stream().distinct().toList());
        assertEquals(burst, refusals().size(), "one audit row per refusal of the burst, none for the rest yet");

        clock.advance(RefusalThrottle.WINDOW.plusSeconds(1));
        assertEquals(401, post(ATTACKER, "checks", "again", BODY).statusCode(), "a new interval, a new burst");

        List<JsonNode> rows = refusals();
        assertEquals(burst + 2, rows.size(), rows.toString());
        JsonNode summary = rows.stream()
                .filter(r -> r.get("outcome").asText().equals("429"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary row in " + rows));
        JsonNode detail = JSON.readTree(summary.get("detail").asText());
        assertEquals(n - burst, detail.get("refused").asInt(), detail.toString());
        assertEquals(ATTACKER, summary.get("address").asText());
    }

    @Test
    void refusedPosts_oneAddressThrottled_otherAddressesValidPostsUnaffected() throws Exception {
        for (int i = 0; i < RefusalThrottle.BURST + 5; i++) {
            post(ATTACKER, "checks", "guess", BODY);
        }
        assertEquals(429, post(ATTACKER, "checks", "guess", BODY).statusCode());

        HttpResponse<String> other = post("198.51.100.2", "checks", secret, BODY);
        assertEquals(202, other.statusCode(), other.body());
        assertEquals(401, post("198.51.100.3", "checks", "guess", BODY).statusCode());
    }

    @Test
    void oversizedBodies_manyFromOneAddress_413ThenThrottledAndAudited() throws Exception {
        String huge = "{\"pad\":\"" + "x".repeat(RefusalThrottle.MAX_BODY + 10) + "\"}";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < RefusalThrottle.BURST + 10; i++) {
            statuses.add(post(ATTACKER, "checks", secret, huge).statusCode());
        }

        assertEquals(413, statuses.get(0));
        assertEquals(429, statuses.get(statuses.size() - 1));
        List<JsonNode> rows = refusals();
        assertEquals(RefusalThrottle.BURST, rows.size(), rows.toString());
        assertTrue(rows.get(0).get("detail").asText().contains("larger than"), rows.toString());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(202, post(ATTACKER, "checks", secret, BODY).statusCode());
    }
}
