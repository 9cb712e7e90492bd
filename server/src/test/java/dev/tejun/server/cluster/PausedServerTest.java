package dev.tejun.server.cluster;

import static dev.tejun.server.cluster.QueueAcrossServersTest.ran;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.RunIndex;
import dev.tejun.server.runs.queue.RunQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "false dead" server: one that pauses (SIGSTOP: a long GC, a frozen VM) longer than its short lease is thought
 * dead, and the living server marks the run it had started interrupted. When it wakes (SIGCONT) it must not go on
 * with that run: it finds its claim gone and runs no further cell (before, the run went on to its end and was
 * recorded ok, after the cluster had said it was interrupted).
 */
class PausedServerTest {

    private static final String LEASE = "cluster.lease-seconds: 3\n";

    /** A first cell that leaves a line and outlasts the pause; a second that must never run after it. */
    private static final String TWO_CELLS = "# Two\n\n```sh\necho first >> \"$HOME/ran\"\nsleep 4\n```\n\n"
            + "```sh\necho second >> \"$HOME/ran\"\n```\n";

    @TempDir
    Path temp;

    @Test
    void pause_longerThanTheLease_serverStopsTheRunTakenBackFromIt() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        // a's one place is taken, so the run asked for through b runs on b (else a may claim it first)
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, "runs.capacity: 1\n" + LEASE)) {
            QueueAcrossServersTest.Child b =
                    QueueAcrossServersTest.child(temp.resolve("b"), url, pg.user(), "runs.capacity: 16\n" + LEASE);
            try {
                QueueAcrossServersTest.fill(a);
                Files.writeString(temp.resolve("b/runbooks/two.md"), TWO_CELLS);
                String runId = start(b.endpoint());
                Database db = a.cmdb.database();
                RunQueue queue = new RunQueue(db, Json.newMapper(), java.time.Clock.systemUTC());
                Await.until(() -> ran(temp.resolve("b/data")).contains("first"), "the first cell going on b");

                signal(b.process(), "STOP");
                try {
                    Await.until(
                            () -> queue.find(runId).orElseThrow().state().equals(RunQueue.INTERRUPTED),
                            "a marks the run of the silent server interrupted");
                } finally {
                    signal(b.process(), "CONT");
                }
                RunIndex index = new RunIndex(db, Json.newMapper());
                Await.until(
                        () -> !List.of(RunIndex.RUNNING, RunIndex.INTERRUPTED)
                                .contains(index.status(runId).orElse(RunIndex.RUNNING)),
                        "b, awake, ends the run");

                assertEquals(List.of("first"), ran(temp.resolve("b/data")), "no cell ran after b woke");
                assertNotEquals(Optional.of("OK"), index.status(runId), "not recorded as a run that went well");
                assertEquals(
                        RunQueue.INTERRUPTED, queue.find(runId).orElseThrow().state(), "the queue's word stands");
            } finally {
                b.process().destroyForcibly();
                b.process().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String start(QueueAcrossServersTest.Endpoint through) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(through.baseUrl() + "/api/runs"))
                                .header("Authorization", "Bearer " + through.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"runbook\":\"two.md\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).path("runId").asText();
    }

    /** Sends {@code SIGNAME} to the child server's JVM (not to the cells it started). */
    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }
}
