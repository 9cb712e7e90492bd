package dev.tejun.server.metrics;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.runs.queue.RunQueue;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * The figures {@code /metrics} shows: HTTP requests by route and status, open notebook sockets, runs in the run
 * index by status and interface (counted at scrape time, so runs started by any door and any process on the same
 * database are in it), the run queue's depth by state and its oldest queued run's wait (schedules and alert rules
 * queue their runs there), free disk in the data folder, SQLite's busy waits, the cells' figures ({@link CellMetrics}),
 * and the JVM's memory, threads, GC and CPU. One registry per
 * server: two servers in one JVM do not mix their figures.
 */
public final class ServerMetrics implements AutoCloseable {

    private static final String STARTED = "dev.tejun.metrics.started";
    /** The run queue's states of a run not done yet (queued: waits for a server; claimed, started: on one). */
    private static final List<String> QUEUE_STATES = List.of(RunQueue.QUEUED, RunQueue.CLAIMED, RunQueue.STARTED);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database database;
    private final MultiGauge runs;
    private final MultiGauge queue;
    private volatile double oldestWait;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    // one platform thread that writes the text of each scrape (see text()); idle between scrapes
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("metrics-writer").factory());
    // Micrometer holds a gauge's object weakly: these fields keep them from being collected (a gauge would show NaN)
    private final File data;
    private final IntSupplier sockets;
    private volatile String server;
    private final CellMetrics cells;

    /**
     * @param dataDir the data folder whose free space is shown
     * @param sockets how many notebook sockets are open now
     */
    public ServerMetrics(Path dataDir, Database database, IntSupplier sockets) {
        this.database = database;
        this.data = dataDir.toFile();
        this.sockets = sockets;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("tejun.data.free", data, File::getUsableSpace)
                .baseUnit("bytes")
                .description("free disk space in TEJUN_HOME")
                .register(registry);
        Gauge.builder("tejun.websocket.sessions", this.sockets, IntSupplier::getAsInt)
                .description("open notebook WebSocket sessions")
                .register(registry);
        this.runs = MultiGauge.builder("tejun.runs")
                .description("runs in the run index by status and interface")
                .register(registry);
        this.queue = MultiGauge.builder("tejun.queue.runs")
                .description("headless runs (REST, schedules, alert rules) in the run queue by state")
                .register(registry);
        Gauge.builder("tejun.queue.oldest.wait", this, m -> m.oldestWait)
                .baseUnit("seconds")
                .description("how long the oldest queued run has waited for a server (0: none waits)")
                .register(registry);
        FunctionCounter.builder("tejun.sqlite.busy.retries", database, Database::busyRetries)
                .description("waits for the SQLite file locked by another connection or process (0 on PostgreSQL)")
                .register(registry);
        this.cells = new CellMetrics(registry);
    }

    /** The figures of cells and runs: wrap the server's executors and watch its runs with it. */
    public CellMetrics cells() {
        return cells;
    }

    /** Before every request: when it started. */
    public void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** After every request: its time, under the route it matched (not the path, so run ids make no new series). */
    public void finished(Context ctx) {
        Long t0 = ctx.attribute(STARTED);
        if (t0 == null) {
            return;
        }
        String route;
        try {
            var matched = ctx.endpoints().matchedHttpEndpoint();
            route = matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException e) {
            route = "unmatched"; // a 404, a static file or a refused request: no endpoint
        }
        Timer.builder("tejun.http.requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** {@code GET /metrics}. */
    public void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(text());
    }

    /**
     * The figures now, in the Prometheus text format. The text is written on a platform thread: the Prometheus
     * writer puts it through a {@code BufferedWriter} one character at a time, which on a virtual thread (every
     * request's) costs ~40 times as much — 2.7 ms against 0.25 ms for this server's ~7,000 characters, most of
     * a scrape.
     */
    public String text() {
        database.read(c -> {
            runs.register(runRows(c), true);
            queue.register(queueRows(c), true);
            return null;
        });
        String text;
        if (Thread.currentThread().isVirtual()) {
            try {
                text = writer.submit(() -> registry.scrape()).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write the metrics", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the metrics", e);
            }
        } else {
            text = registry.scrape();
        }
        String label = server;
        return label == null ? text : labelled(text, label);
    }

    /**
     * From now on every series carries {@code server="NAME"}: several servers on one database each show their own
     * figures, and a scraper of them all keeps them apart. The name is known only once the server listens.
     */
    public void server(String name) {
        this.server = "server=\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Puts {@code label} first into every sample line (comments stay as they are). */
    static String labelled(String text, String label) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 16 * (label.length() + 2) + 64);
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            if (end == start || text.charAt(start) == '#') {
                out.append(text, start, end);
            } else {
                int brace = text.indexOf('{', start);
                int space = text.indexOf(' ', start);
                if (space < 0 || space > end) {
                    out.append(text, start, end); // no value: not a sample line
                } else if (brace >= 0 && brace < space) {
                    out.append(text, start, brace + 1).append(label);
                    out.append(text.charAt(brace + 1) == '}' ? "" : ",").append(text, brace + 1, end);
                } else {
                    out.append(text, start, space)
                            .append('{')
                            .append(label)
                            .append('}')
                            .append(text, space, end);
                }
            }
            if (end < length) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static List<MultiGauge.Row<?>> runRows(Connection c) throws SQLException {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status, via, COUNT(*) FROM runs GROUP BY status, via")) {
            while (rs.next()) {
                rows.add(MultiGauge.Row.of(
                        Tags.of("status", rs.getString(1), "interface", String.valueOf(rs.getString(2))),
                        rs.getLong(3)));
            }
        }
        return rows;
    }

    /** The queue's runs not done, by state (each state shown, 0 too), and the oldest queued one's wait. */
    private List<MultiGauge.Row<?>> queueRows(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : QUEUE_STATES) {
            counts.put(state, 0L);
        }
        long oldest = Long.MAX_VALUE;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, COUNT(*), MIN(queued_ms) FROM run_queue WHERE state IN (?, ?, ?) GROUP BY state")) {
            for (int i = 0; i < QUEUE_STATES.size(); i++) {
                ps.setString(i + 1, QUEUE_STATES.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                    if (rs.getString(1).equals(RunQueue.QUEUED)) {
                        oldest = rs.getLong(3);
                    }
                }
            }
        }
        oldestWait = oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((state, n) -> rows.add(MultiGauge.Row.of(Tags.of("state", state), n)));
        return rows;
    }

    @Override
    public void close() {
        writer.shutdownNow();
        gc.close();
        registry.close();
    }
}
