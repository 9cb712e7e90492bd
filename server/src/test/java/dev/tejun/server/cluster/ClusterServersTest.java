package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.RunIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers, each with its own data folder, on one PostgreSQL: each beats under its own name, a server that
 * starts leaves the other's running run alone (a lone server's start marks every running row interrupted), {@code
 * tejun cluster status} lists both and the run queue's depth, and a server that stops leaves the list.
 */
class ClusterServersTest {

    @TempDir
    Path temp;

    @Test
    void start_secondServerBesideARunningRun_runGoesOnAndBothListed() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        java.util.function.Function<Path, DatabaseSettings> shared =
                data -> new DatabaseSettings(data, url, pg.user(), null);
        try (TestServer a = new TestServer(temp.resolve("a"), shared, c -> c)) {
            a.write("slow.md", "# Slow\n\n```sh\nsleep 6\necho done\n```\n");
            HttpResponse<String> started = a.post("/api/runs", "{\"runbook\":\"slow.md\"}");
            assertTrue(started.statusCode() < 300, started.body());
            String runId = Json.MAPPER.readTree(started.body()).path("runId").asText();
            RunIndex index = new RunIndex(a.cmdb.database(), Json.newMapper());
            Await.until(() -> index.status(runId).isPresent(), "the run's row");

            try (TestServer b = new TestServer(temp.resolve("b"), shared, c -> c)) {
                assertEquals(Optional.of(RunIndex.RUNNING), index.status(runId), "B's start left A's run alone");
                String status = status(shared.apply(a.data));
                String nameA = a.server.node().orElseThrow().name();
                String nameB = b.server.node().orElseThrow().name();
                assertNotEquals(nameA, nameB);
                assertTrue(status.lines().anyMatch(l -> l.startsWith(nameA) && l.contains("alive")), status);
                assertTrue(status.lines().anyMatch(l -> l.startsWith(nameB) && l.contains("alive")), status);
                assertTrue(status.contains("runs queued, waiting for a server with room: 0"), status);
            }
            Await.until(
                    () -> index.status(runId)
                            .filter(s -> !s.equals(RunIndex.RUNNING))
                            .isPresent(),
                    "the end");
            assertEquals(Optional.of("OK"), index.status(runId), "the run ended on its own, not interrupted");
            String after = status(shared.apply(a.data));
            assertEquals(1, after.lines().filter(l -> l.contains("alive")).count(), "B left: " + after);
        }
    }

    private static String status(DatabaseSettings database) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ClusterCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, database)
                .run(List.of("status"));
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }
}
