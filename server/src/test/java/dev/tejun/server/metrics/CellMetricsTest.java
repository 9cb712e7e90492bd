package dev.tejun.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series {@code /metrics} gained: each one moves after a real action on a real server (a run of a sh cell, a
 * write that meets the SQLite file locked by another process's connection).
 */
class CellMetricsTest {

    @TempDir
    Path temp;

    /** The value of the sample line {@code series} (name and labels as written), or -1 when there is none. */
    /** The value of {@code series} (named without the {@code server} label a server on PostgreSQL adds), or -1. */
    static double value(String text, String series) {
        return MetricsTest.unlabelled(text)
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(-1);
    }

    @Test
    void shRun_cellTimedByLanguage_andItsEvidenceBytesCounted() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            String viewer = t.userWith("prometheus", Role.VIEWER);
            String before = t.as(viewer, "GET", "/metrics", null).body();
            assertEquals(0.0, value(before, "tejun_evidence_written_bytes_total"), before);
            assertEquals(-1, value(before, "tejun_cell_duration_seconds_count{language=\"sh\"}"), before);
            t.write("a.md", "# A\n\n```sh\necho hi\n```\n\n```sh\necho there\n```\n");
            t.runEnded(t.post("/api/runs", "{\"runbook\":\"a.md\"}"), "OK");
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_evidence_written_bytes_total") > 0,
                    "the run's evidence counted");
            String after = t.as(viewer, "GET", "/metrics", null).body();
            assertEquals(2.0, value(after, "tejun_cell_duration_seconds_count{language=\"sh\"}"), after);
            assertTrue(value(after, "tejun_cell_duration_seconds_sum{language=\"sh\"}") > 0, after);
            // run.json, the runbook as it ran, each cell's code, output and result: more than a few hundred bytes
            assertTrue(value(after, "tejun_evidence_written_bytes_total") > 500, after);
        }
    }

    @Test
    void writeMeetingAnotherProcessesLock_busyRetriesCounted() throws Exception {
        try (TestServer t = new TestServer(temp);
                Database other = Database.open(t.data.resolve("tejun.db"))) {
            String viewer = t.userWith("prometheus", Role.VIEWER);
            String before = t.as(viewer, "GET", "/metrics", null).body();
            assertEquals(0.0, value(before, "tejun_sqlite_busy_retries_total"), before);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // as a CLI beside the server would: a write transaction open on the same file
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> other.write(c -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            held.await();
            CompletableFuture<HttpResponse<String>> token = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.post("/api/tokens", "{\"label\":\"ci\"}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                Await.until(
                        () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_sqlite_busy_retries_total")
                                > 0,
                        "the server's write waiting for the lock");
            } finally {
                release.countDown();
            }
            holder.get();
            assertTrue(token.get().statusCode() < 300, token.get().body());
        }
    }
}
