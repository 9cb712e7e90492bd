package dev.tejun.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics}: Prometheus text for a viewer's token, nothing without one; a scrape is cheap. On PostgreSQL (the
 * second pass) a server is a cluster member and labels every series with its name ({@code server}): the series are
 * read without that label ({@link #unlabelled}), which {@link ServerLabelTest} checks.
 */
class MetricsTest {

    @TempDir
    Path temp;

    @Test
    void metrics_withoutToken_isRefused() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            assertEquals(401, t.send("GET", "/metrics", null, Map.of()).statusCode());
        }
    }

    @Test
    void metrics_viewerToken_showsRunsRequestsSocketsAndDisk() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            String viewer = t.userWith("prometheus", Role.VIEWER);
            t.write("a.md", "# A\n\n```sh\necho hi\n```\n");
            HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"a.md\"}");
            assertTrue(started.statusCode() < 300, started.body());
            try {
                Await.until(
                        () -> unlabelled(t.as(viewer, "GET", "/metrics", null).body())
                                .contains("tejun_runs{interface=\"api\",status=\"OK\"} 1.0"),
                        "the finished run in the metrics");
            } catch (AssertionError e) {
                throw new AssertionError(
                        t.as(viewer, "GET", "/metrics", null)
                                        .body()
                                        .lines()
                                        .filter(l -> l.startsWith("tejun_runs"))
                                        .toList()
                                + " " + t.get("/api/runs").body(),
                        e);
            }
            HttpResponse<String> r = t.as(viewer, "GET", "/metrics", null);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            String text = unlabelled(r.body());
            assertTrue(text.matches("(?s).*\ntejun_data_free_bytes [0-9][0-9.E]*\n.*"), text);
            assertTrue(text.contains("tejun_websocket_sessions 0.0"), text);
            assertTrue(
                    text.contains(
                                    "tejun_http_requests_seconds_count{method=\"POST\",route=\"/api/runs\",status=\"201\"}")
                            || text.contains(
                                    "tejun_http_requests_seconds_count{method=\"POST\",route=\"/api/runs\",status=\"200\"}"),
                    text);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
        }
    }

    /**
     * The run queue's depth by state and the oldest queued run's wait, read from the queue table as it is (on the
     * database of a server that has stopped: a running one would claim the queued run within a second).
     */
    @Test
    void metrics_queuedRun_depthAndOldestWaitShown() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            String viewer = t.userWith("prometheus", Role.VIEWER);
            String empty = unlabelled(t.as(viewer, "GET", "/metrics", null).body());
            assertTrue(empty.contains("tejun_queue_runs{state=\"queued\"} 0.0"), empty);
            assertTrue(empty.contains("\ntejun_queue_oldest_wait_seconds 0.0\n"), empty);
        }
        try (dev.tejun.cmdb.db.Database db = TestDatabases.open(temp.resolve("data"));
                ServerMetrics metrics = new ServerMetrics(temp.resolve("data"), db, () -> 0)) {
            // a run that has waited two minutes for a server with room (as on a cluster whose workers are all busy)
            db.write(c -> {
                try (var ps = c.prepareStatement("INSERT INTO run_queue (run_id, runbook, request, state,"
                        + " queued_ms, queued_by) VALUES ('20990101-000000-abcdef', 'a.md', '{}', 'queued', ?, 'x')")) {
                    ps.setLong(1, System.currentTimeMillis() - 120_000);
                    ps.executeUpdate();
                }
                return null;
            });
            String text = metrics.text();
            assertTrue(text.contains("tejun_queue_runs{state=\"queued\"} 1.0"), text);
            assertTrue(text.contains("tejun_queue_runs{state=\"started\"} 0.0"), text);
            double wait = Double.parseDouble(text.lines()
                    .filter(l -> l.startsWith("tejun_queue_oldest_wait_seconds "))
                    .findFirst()
                    .orElseThrow()
                    .split(" ")[1]);
            assertTrue(wait >= 120 && wait < 3600, text);
        }
    }

    /**
     * A scrape on a request's (virtual) thread writes its text on a platform thread (the Prometheus writer is ~40
     * times slower on a virtual one: bench/observe measures it); the text is the same either way. No time is
     * asserted here.
     */
    @Test
    void text_onAVirtualThread_sameSeriesAsOnAPlatformThread() throws Exception {
        try (TestServer t = new TestServer(temp);
                dev.tejun.cmdb.db.Database db = TestDatabases.open(t.data);
                ServerMetrics metrics = new ServerMetrics(t.data, db, () -> 3)) {
            metrics.server("a:7070");
            String platform = metrics.text();
            java.util.concurrent.atomic.AtomicReference<String> virtual =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread.ofVirtual().start(() -> virtual.set(metrics.text())).join();
            assertEquals(series(platform), series(virtual.get()));
            assertTrue(virtual.get().contains("tejun_websocket_sessions{server=\"a:7070\"} 3.0"), virtual.get());
        }
    }

    /**
     * The scrape without the {@code server} label a cluster member (a server on PostgreSQL) puts on every series:
     * {@code a{server="x"} 1} reads {@code a 1}, {@code a{b="1",server="x"} 1} reads {@code a{b="1"} 1}.
     */
    static String unlabelled(String text) {
        return text.replaceAll("(?<=[{,])server=\"[^\"]*\",?", "")
                .replace(",}", "}")
                .replace("{}", "");
    }

    /** The series named in a scrape (values change between two scrapes, names do not). */
    private static java.util.List<String> series(String text) {
        return text.lines()
                .filter(l -> !l.startsWith("#") && !l.isEmpty())
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .filter(l -> !l.startsWith("jvm_threads_states") && !l.startsWith("jvm_gc"))
                .sorted()
                .toList();
    }
}
