import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.guard.locks.LockDeclaration;
import dev.tejun.kernel.guard.locks.LockTable;
import dev.tejun.kernel.guard.locks.ResourceLocks;
import dev.tejun.kernel.session.RunGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Resource lock figures (issue 23): acquire and release of one free lock through ResourceLocks (the path every run
 * takes), p50/p90/p99; then 100 runs contending for one lock, each holding it a few milliseconds, checked to have
 * held it one after another (no two intervals overlap). SQLite in a temp folder, or PostgreSQL when
 * TEJUN_BENCH_POSTGRES is set (bench/locks --postgresql). Writes bench/RESULTS-locks[-postgresql].md.
 */
public class LockBench {

    static final String POSTGRES = System.getenv("TEJUN_BENCH_POSTGRES");

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        Path repo = Path.of(args.length > 1 ? args[1] : ".");
        Path dir = Files.createTempDirectory("tejun-lock-bench");
        try (Database db = open(dir)) {
            ResourceLocks locks = new ResourceLocks(new LockTable(db), Clock.systemUTC());
            int n = quick ? 300 : 2000;
            for (int i = 0; i < 100; i++) { // warm-up
                locks.acquire("warm-" + i, "bench.md", List.of("db:warm"), LockDeclaration.Policy.QUEUE, () -> false)
                        .close();
            }
            double[] acquire = new double[n];
            double[] release = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                RunGuard.Held held = locks.acquire(
                        "run-" + i, "bench.md", List.of("db:main"), LockDeclaration.Policy.QUEUE, () -> false);
                long t1 = System.nanoTime();
                held.close();
                long t2 = System.nanoTime();
                acquire[i] = (t1 - t0) / 1e6;
                release[i] = (t2 - t1) / 1e6;
            }
            Contention c = contend(locks, 100, 5);
            String backend = POSTGRES == null ? "SQLite" : "PostgreSQL";
            StringBuilder md = new StringBuilder();
            md.append("# Resource locks (").append(backend).append(")\n\n")
                    .append("Measured ").append(Instant.now()).append(" by `bench/locks").append(quick ? " quick" : "")
                    .append(POSTGRES == null ? "" : " --postgresql").append("` on ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                    .append(loadAverage()).append(" (the machine is shared: read the figures with that in mind).\n\n")
                    .append("| figure | p50 | p90 | p99 | goal |\n|---|---|---|---|---|\n")
                    .append(row("acquire one free lock (" + n + " times)", acquire, "p50 ≤ 2 ms"))
                    .append(row("release it", release, ""))
                    .append(row("acquire + release", sum(acquire, release), "p50 ≤ 2 ms"))
                    .append("\n100 runs contending for one lock (each holds it ").append(c.holdMillis)
                    .append(" ms, waits in the queue): all took it: ").append(c.taken).append("/100; overlapping")
                    .append(" holds (by timestamps): ").append(c.overlaps).append("; wall time ")
                    .append(String.format(Locale.ROOT, "%.0f ms", c.wallMillis)).append(", hand-over from one")
                    .append(" holder to the next p50 ")
                    .append(String.format(Locale.ROOT, "%.1f ms", c.handoverP50)).append(".\n");
            Path out = repo.resolve("bench/RESULTS-locks" + (POSTGRES == null ? "" : "-postgresql") + ".md");
            Files.writeString(out, md.toString());
            System.out.print(md);
            System.out.println("results: " + out);
        }
    }

    record Contention(int taken, int overlaps, double wallMillis, double handoverP50, int holdMillis) {}

    /** {@code runs} virtual threads want one lock at once; each records when it held it. */
    static Contention contend(ResourceLocks locks, int runs, int holdMillis) throws Exception {
        long[][] spans = new long[runs][2];
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(runs);
        long start;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                int k = i;
                pool.execute(() -> {
                    try {
                        go.await();
                        RunGuard.Held held = locks.acquire(
                                "contender-" + k, "bench.md", List.of("db:hot"), LockDeclaration.Policy.QUEUE, () -> false);
                        spans[k][0] = System.nanoTime();
                        Thread.sleep(holdMillis);
                        spans[k][1] = System.nanoTime();
                        held.close();
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
            }
            start = System.nanoTime();
            go.countDown();
            done.await();
        }
        long end = System.nanoTime();
        List<long[]> sorted = new ArrayList<>(Arrays.asList(spans));
        sorted.removeIf(s -> s[0] == 0);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        int overlaps = 0;
        double[] handover = new double[Math.max(0, sorted.size() - 1)];
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i)[0] < sorted.get(i - 1)[1]) {
                overlaps++;
            }
            handover[i - 1] = (sorted.get(i)[0] - sorted.get(i - 1)[1]) / 1e6;
        }
        return new Contention(sorted.size(), overlaps, (end - start) / 1e6, pct(handover, 50), holdMillis);
    }

    static Database open(Path dir) throws Exception {
        if (POSTGRES == null) {
            return Database.open(dir.resolve("tejun.db"));
        }
        String name = "bench_locks_" + Long.toHexString(System.nanoTime());
        try (var c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw e;
            }
        }
        return Database.open(new DatabaseSettings(dir, POSTGRES + name, "postgres", null));
    }

    static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    static String row(String what, double[] ms, String goal) {
        return String.format(
                Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %s |%n", what, pct(ms, 50), pct(ms, 90), pct(ms, 99), goal);
    }

    static double pct(double[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
