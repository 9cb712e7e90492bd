package dev.tejun.server.runs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.Json;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run holds the runbook text it was accepted with (checked against it, queued with it): deleting or editing the file
 * afterwards neither ends nor changes it. Before, the session read the file again when the run began, so a run that
 * waited in the queue (here behind another, with one place) ran whatever the file said then, or failed without it.
 */
class AcceptedTextTest {

    static final String HELLO = "# Hello\n\n```sh {#say}\necho accepted-text\n```\n";

    @TempDir
    Path temp;

    TestServer s;
    String blocker;

    /** One place, taken by a run that sleeps until stopped: the next run waits in the queue. */
    @BeforeEach
    void start() throws Exception {
        Settings one = Settings.of(ConfigFile.parse("test.yaml", "runs.capacity: 1\n"), Map.of(), Map.of());
        s = new TestServer(temp, c -> c.with(one));
        s.write("blocker.md", "# Blocker\n\n```sh\nsleep 60\n```\n");
        s.write("hello.md", HELLO);
        blocker = runId(s.post("/api/runs", "{\"runbook\":\"blocker.md\"}"));
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void start_runbookDeletedWhileTheRunWaits_runsTheTextItWasAcceptedWithAndEndsOk() throws Exception {
        String waiting = runId(s.post("/api/runs", "{\"runbook\":\"hello.md\"}"));
        assertEquals("queued", events(waiting).path("status").asText());
        Files.delete(s.runbooks.resolve("hello.md"));

        JsonNode ended = release(waiting);
        assertEquals("ok", ended.path("status").asText(), ended.toString());
        assertTrue(ended.toString().contains("accepted-text"), ended.toString());
    }

    @Test
    void start_runbookEditedWhileTheRunWaits_runsTheTextItWasAcceptedWith() throws Exception {
        String waiting = runId(s.post("/api/runs", "{\"runbook\":\"hello.md\"}"));
        s.write("hello.md", "# Hello\n\n```sh {#say}\necho edited-text\nexit 3\n```\n");

        JsonNode ended = release(waiting);
        assertEquals("ok", ended.path("status").asText(), ended.toString());
        assertTrue(ended.toString().contains("accepted-text"), ended.toString());
        assertFalse(ended.toString().contains("edited-text"), ended.toString());
        HttpResponse<String> kept = s.get("/api/runs/" + waiting + "/report.md");
        assertEquals(200, kept.statusCode(), kept.body());
        assertTrue(kept.body().contains("echo accepted-text"), "its evidence holds the text it ran: " + kept.body());
    }

    @Test
    void start_runbookDeletedRightAfterTheStart_runRunsOnAndEndsOk() throws Exception {
        s.post("/api/runs/" + blocker + "/stop", "");
        Await.until(() -> events(blocker).path("finished").asBoolean(), "the blocker's end");
        String run = runId(s.post("/api/runs", "{\"runbook\":\"hello.md\"}"));
        Files.delete(s.runbooks.resolve("hello.md"));

        Await.until(() -> events(run).path("finished").asBoolean(), "the run's end");
        JsonNode ended = events(run);
        assertEquals("ok", ended.path("status").asText(), ended.toString());
        assertTrue(ended.toString().contains("accepted-text"), ended.toString());
    }

    /** Stops the blocker, so the waiting run gets the place; answers the waiting run's events once it ended. */
    private JsonNode release(String waiting) throws Exception {
        HttpResponse<String> stop = s.post("/api/runs/" + blocker + "/stop", "");
        assertEquals(202, stop.statusCode(), stop.body());
        Await.until(() -> events(waiting).path("finished").asBoolean(), "the waiting run's end");
        return events(waiting);
    }

    private static String runId(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() < 300, r.body());
        return Json.MAPPER.readTree(r.body()).path("runId").asText();
    }

    private JsonNode events(String runId) throws Exception {
        HttpResponse<String> r = s.get("/api/runs/" + runId + "/events");
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }
}
