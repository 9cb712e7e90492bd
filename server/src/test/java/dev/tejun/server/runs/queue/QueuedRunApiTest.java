package dev.tejun.server.runs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.Json;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server with one place ({@code runs.capacity: 1}): a second REST run waits in the queue, its events say
 * {@code queued} and so does the run ({@code QUEUED}, before it has evidence), and it starts once the first ended; a waiting run stopped by its asker is cancelled and never runs,
 * and another operator may not cancel it.
 */
class QueuedRunApiTest {

    @TempDir
    Path temp;

    @Test
    void start_serverFull_runWaitsThenRuns_stopCancelsAWaitingRun() throws Exception {
        Settings one = Settings.of(ConfigFile.parse("test.yaml", "runs.capacity: 1\n"), Map.of(), Map.of());
        try (TestServer s = new TestServer(temp, c -> c.with(one))) {
            s.write("slow.md", "# Slow\n\n```sh\nsleep 2\necho slow\n```\n");
            s.write("quick.md", "# Quick\n\n```sh\necho quick\n```\n");
            String slow = runId(s.post("/api/runs", "{\"runbook\":\"slow.md\"}"));
            String waiting = runId(s.post("/api/runs", "{\"runbook\":\"quick.md\"}"));
            String cancelled = runId(s.post("/api/runs", "{\"runbook\":\"quick.md\"}"));

            JsonNode page = events(s, waiting);
            assertEquals("queued", page.path("status").asText(), page.toString());
            assertEquals(false, page.path("finished").asBoolean());
            // the run itself answers before its evidence exists (it was a 404 "no run" while it waited)
            JsonNode run = run(s, waiting);
            assertEquals("QUEUED", run.path("status").asText(), run.toString());
            assertEquals("quick.md", run.path("runbook").asText());
            assertEquals("tester", run.path("user").asText(), "who asked for it");
            assertTrue(run.path("startedAt").isNull() && run.path("finishedAt").isNull(), run.toString());

            String other = s.userWith("other-operator", Role.OPERATOR);
            HttpResponse<String> refused = s.as(other, "POST", "/api/runs/" + cancelled + "/stop", "");
            assertEquals(403, refused.statusCode(), refused.body());
            HttpResponse<String> stop = s.post("/api/runs/" + cancelled + "/stop", "");
            assertTrue(stop.statusCode() < 300, stop.body());
            JsonNode gone = events(s, cancelled);
            assertEquals("cancelled", gone.path("status").asText(), gone.toString());
            assertTrue(gone.path("finished").asBoolean());
            JsonNode cancelledRun = run(s, cancelled);
            assertEquals("CANCELLED", cancelledRun.path("status").asText(), cancelledRun.toString());
            assertTrue(cancelledRun.path("finishedAt").isTextual(), "a cancelled run has ended: " + cancelledRun);

            Await.until(() -> events(s, slow).path("finished").asBoolean(), "the slow run's end");
            Await.until(() -> events(s, waiting).path("finished").asBoolean(), "the waiting run's end");
            assertEquals("ok", events(s, waiting).path("status").asText());
            assertEquals("OK", run(s, waiting).path("status").asText(), "its own run.json, once written");
            assertTrue(events(s, waiting).toString().contains("quick"), "it ran");
            Thread.sleep(1500); // a poll of the queue and more: the cancelled run must still be cancelled
            assertEquals("cancelled", events(s, cancelled).path("status").asText());
            assertEquals(404, s.get("/api/runs/" + cancelled + "/report.md").statusCode(), "no evidence: it never ran");
        }
    }

    private static String runId(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() < 300, r.body());
        return Json.MAPPER.readTree(r.body()).path("runId").asText();
    }

    private static JsonNode run(TestServer s, String runId) throws Exception {
        HttpResponse<String> r = s.get("/api/runs/" + runId);
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode events(TestServer s, String runId) throws Exception {
        HttpResponse<String> r = s.get("/api/runs/" + runId + "/events");
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }
}
