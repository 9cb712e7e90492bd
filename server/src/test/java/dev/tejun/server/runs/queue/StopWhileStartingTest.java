package dev.tejun.server.runs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.Json;
import dev.tejun.server.audit.Via;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop of a run a server has claimed but whose session it is still making. The server's queue worker, woken by the
 * insert, may claim a run before the request that queued it does, so {@code POST /api/runs} can answer while the run
 * is neither queued nor yet tracked; a stop then answered 404 "no run … is going on in this server" (CI met it in
 * {@code AcceptedTextTest}). It now waits for the session and stops the run.
 */
class StopWhileStartingTest {

    @TempDir
    Path temp;

    TestServer s;
    RunQueue queue;

    /** One place, so the server's worker claims nothing the test queues while a run holds it. */
    @BeforeEach
    void start() throws Exception {
        Settings one = Settings.of(ConfigFile.parse("test.yaml", "runs.capacity: 1\n"), Map.of(), Map.of());
        s = new TestServer(temp, c -> c.with(one));
        s.write("sleep.md", "# Sleep\n\n```sh\nsleep 60\n```\n");
        queue = new RunQueue(s.cmdb.database(), Json.newMapper(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /**
     * The state between the claim and the session, held still: the run is started in the queue by this server and
     * tracked nowhere. The stop waits while it is so, and answers once the row says what became of the run.
     */
    @Test
    void stop_runStartedInTheQueueButNoSessionYet_waitsForItInsteadOf404() throws Exception {
        String blocker = takeThePlace();
        String runId = "20261206-120000-5a5a5a";
        queue.enqueue(queued(runId), "local");
        assertTrue(queue.claim(runId, "local").isPresent(), "the test holds the claim, as a worker would");
        assertTrue(queue.started(runId, "local"));

        CompletableFuture<HttpResponse<String>> stop = stopLater(runId);
        Thread.sleep(500);
        assertFalse(
                stop.isDone(),
                () -> "a stop of a run being started waits for it, it answered "
                        + stop.join().body());

        queue.finished(runId, "local", "ok", null, null);
        HttpResponse<String> answer = stop.get(30, TimeUnit.SECONDS);
        assertEquals(409, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("has already ended"), answer.body());
        s.post("/api/runs/" + blocker + "/stop", "");
    }

    /**
     * A run claimed by a server that died before it started it goes back to the queue (its claim released): a stop
     * waiting for that run cancels it then.
     */
    @Test
    void stop_runClaimedByAServerThatDies_cancelsItOnceQueuedAgain() throws Exception {
        String blocker = takeThePlace();
        String runId = "20261206-120000-6b6b6b";
        queue.enqueue(queued(runId), "local");
        assertTrue(queue.claim(runId, "gone").isPresent(), "claimed by a server that will die");

        CompletableFuture<HttpResponse<String>> stop = stopLater(runId);
        Thread.sleep(500);
        assertFalse(
                stop.isDone(),
                () -> "the stop waits for the claimed run, it answered "
                        + stop.join().body());

        queue.release(List.of("gone"));
        HttpResponse<String> answer = stop.get(30, TimeUnit.SECONDS);
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(RunQueue.CANCELLED, queue.find(runId).orElseThrow().state());
        s.post("/api/runs/" + blocker + "/stop", "");
    }

    /** The race itself, as CI met it: each run stopped the moment its start answers is stopped, never a 404. */
    @Test
    void stop_rightAfterTheStartAnswers_stopsTheRun() throws Exception {
        for (int i = 0; i < 10; i++) {
            String run = runId(s.post("/api/runs", "{\"runbook\":\"sleep.md\"}"));
            HttpResponse<String> stop = s.post("/api/runs/" + run + "/stop", "");
            assertEquals(202, stop.statusCode(), "round " + i + ": " + stop.body());
            Await.until(
                    () -> queue.find(run).orElseThrow().state().equals(RunQueue.DONE)
                            || queue.find(run).orElseThrow().state().equals(RunQueue.CANCELLED),
                    "round " + i + " ended");
        }
    }

    /** Starts a run that sleeps in the server's one place, so its worker claims nothing more; answers its id. */
    private String takeThePlace() throws Exception {
        String blocker = runId(s.post("/api/runs", "{\"runbook\":\"sleep.md\"}"));
        Await.until(() -> queue.find(blocker).orElseThrow().state().equals(RunQueue.STARTED), "the blocker started");
        return blocker;
    }

    /** A run of sleep.md asked for by the test's user, as the API would queue it. */
    private static QueuedRun queued(String runId) {
        return new QueuedRun(
                runId,
                "sleep.md",
                Map.of(),
                List.of(),
                null,
                false,
                "tester",
                Via.API,
                "api",
                null,
                "# Sleep\n",
                List.of());
    }

    /** The stop of {@code runId}, asked for on another thread. */
    private CompletableFuture<HttpResponse<String>> stopLater(String runId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.post("/api/runs/" + runId + "/stop", "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String runId(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() < 300, r.body());
        return Json.MAPPER.readTree(r.body()).path("runId").asText();
    }
}
