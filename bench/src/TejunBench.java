import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Tejun suites of bench/run, measured on real server processes from outside: start-up and idle memory, cell
 * round trips and output floods side by side with ipykernel, memory per session, and concurrent clients. Writes the
 * header and these sections of RESULTS.md to the file named by the third argument; bench/run appends the CMDB and
 * fan-out sections.
 *   java TejunBench.java full|quick REPO OUT.md
 */
public class TejunBench {

    /** Sizes of one run: the full run takes about 10 minutes of the 25, quick about 2. */
    record Plan(int starts, int rtBlocks, int rtPerBlock, int warmUp, int floodMib, int floodLines, int floodRuns,
                int idleSessions, int jshells, int memoryRepeats, int clients, int cellsPerClient, int concurrentRepeats) {
        static Plan of(boolean quick) {
            return quick
                    ? new Plan(2, 2, 20, 50, 10, 1_000_000, 1, 10, 3, 1, 20, 10, 1)
                    : new Plan(7, 8, 50, 200, 100, 10_000_000, 3, 50, 8, 3, 100, 50, 2);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args[0].equals("quick");
        Path repo = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Plan plan = Plan.of(quick);
        Path work = Files.createTempDirectory("tejun-bench");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("sh.md"), "# sh\n\n```sh {#t}\ntrue\n```\n");
        Files.writeString(runbooks.resolve("java.md"), "# java\n\n```java {#t}\n1+1\n```\n");
        Files.writeString(runbooks.resolve("java-new.md"),
                "---\nparams:\n  n: { default: 0, type: integer }\n---\n# java, new text\n\n```java {#t}\n1+${params.n}\n```\n");
        List<FloodSuite.Flood> floods = FloodSuite.floods(plan.floodMib(), plan.floodLines());
        Files.writeString(runbooks.resolve("flood.md"), FloodSuite.runbook(floods));
        SessionSuite.writeRunbooks(runbooks, plan.idleSessions(), plan.jshells(), plan.clients());

        List<String> md = new ArrayList<>();
        Summary summary = new Summary();
        long t0 = System.nanoTime();
        if (args[0].equals("roundtrips")) { // bench/run --roundtrips: the cell round trips alone, into their own file
            // TEJUN_BENCH_RT_WARMUP: more warm-up cells per side than the full run's, to see a server long warm
            String warm = System.getenv("TEJUN_BENCH_RT_WARMUP");
            Plan sizes = warm == null ? plan : new Plan(plan.starts(), plan.rtBlocks(), plan.rtPerBlock(),
                    Integer.parseInt(warm), plan.floodMib(), plan.floodLines(), plan.floodRuns(), plan.idleSessions(),
                    plan.jshells(), plan.memoryRepeats(), plan.clients(), plan.cellsPerClient(), plan.concurrentRepeats());
            try (Jupyter j = Jupyter.start(repo, work.resolve("jupyter-driver.log"));
                    BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"))) {
                md.addAll(section("round trips", () -> RoundTripSuite.run(s, j, sizes.rtBlocks(), sizes.rtPerBlock(), sizes.warmUp(), summary)));
            }
            List<String> all = new ArrayList<>(header(false, sizes));
            all.set(0, "# Cell round trips (`bench/run --roundtrips`)");
            all.replaceAll(l -> l.replace("`bench/run`", "`bench/run --roundtrips`"));
            all.addAll(summary.lines());
            all.addAll(md);
            Files.write(out, all);
            return;
        }
        md.addAll(section("start-up", () -> startUp(repo, runbooks, work, plan, summary)));
        if (args[0].equals("startup")) { // bench/run --startup: this section alone, into its own file
            List<String> all = new ArrayList<>(List.of("# Start-up and idle memory (`bench/run --startup`)", "",
                    "- Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 19), ""));
            all.addAll(summary.lines());
            all.addAll(md);
            Files.write(out, all);
            return;
        }
        try (Jupyter j = Jupyter.start(repo, work.resolve("jupyter-driver.log"))) {
            List<Double> kernelRss = new ArrayList<>();
            kernelRss.add(j.kernelRssMb());
            try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"))) {
                md.addAll(section("round trips", () -> RoundTripSuite.run(s, j, plan.rtBlocks(), plan.rtPerBlock(), plan.warmUp(), summary)));
            }
            // A server of its own: with SerialGC the young generation is a third of the heap and the heap grows with
            // what is live, so the round trips' JShell sessions left before the floods made the eden, and with it
            // "peak used − live before", larger than anything the flood itself holds (see bench/NOTES.md).
            try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home-floods"))) {
                md.addAll(section("floods", () -> FloodSuite.run(s, j, floods, plan.floodRuns(), summary)));
            }
            SessionSuite.Memory idle = new SessionSuite.Memory();
            SessionSuite.Memory jshell = new SessionSuite.Memory();
            md.addAll(section("memory per session", () -> {
                for (int r = 0; r < plan.memoryRepeats(); r++) {
                    try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home-mem-" + r))) {
                        SessionSuite.measure(s, "idle", plan.idleSessions(), idle);
                        SessionSuite.measure(s, "jshell", plan.jshells(), jshell);
                    }
                }
                return SessionSuite.memory(idle, plan.idleSessions(), jshell, plan.jshells(), kernelRss, summary);
            }));
        }
        md.addAll(section("concurrent clients", () -> {
            try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home-concurrent"))) {
                return SessionSuite.concurrent(s, plan.clients(), plan.cellsPerClient(), plan.concurrentRepeats(), summary);
            }
        }));
        md.add(String.format("Tejun suites took %.1f min.", (System.nanoTime() - t0) / 60e9));
        md.add("");
        List<String> all = new ArrayList<>(header(quick, plan));
        all.addAll(summary.lines());
        all.addAll(md);
        Files.write(out, all);
    }

    interface Suite {
        List<String> run() throws Exception;
    }

    /** A suite's lines, followed by the machine's load while it ran (the figures are only as quiet as that). */
    static List<String> section(String name, Suite suite) throws Exception {
        String before = loadAverage();
        long t0 = System.nanoTime();
        System.err.println("bench: " + name + "…");
        List<String> lines = new ArrayList<>(suite.run());
        lines.add(String.format("_Load average (1 min) %s before, %s after; took %.0f s._", before, loadAverage(),
                (System.nanoTime() - t0) / 1e9));
        lines.add("");
        lines.forEach(System.out::println);
        return lines;
    }

    static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    static List<String> header(boolean quick, Plan plan) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceFirst("model name\\s*:\\s*", "")).orElse("?");
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        List<String> md = new ArrayList<>();
        md.add("# Tejun benchmark results" + (quick ? " (quick run: small sizes, not for comparison)" : ""));
        md.add("");
        md.add("- Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 19));
        md.add("- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + mem
                + "; kernel " + System.getProperty("os.version"));
        md.add("- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.home")
                + "), the one `./tejun serve` picks; server JVM options as the launcher sets them");
        md.add("- Other side: " + versions());
        md.add("- Command: `bench/run" + (quick ? " --quick" : "") + "`: builds with `./tejun build` (offline, when a source changed: "
                + "bench/build.sh), starts servers with "
                + "`./tejun serve` (TEJUN_HOME in a temp dir) on 127.0.0.1, and measures them from outside; ipykernel through "
                + "`bench/jupyter_driver.py`. Sizes: " + plan);
        md.add("- Figures: n samples; median, p90, p99 by nearest rank; spread is min–max. Ratios are Tejun / other side "
                + "(below 1: Tejun is faster or smaller).");
        md.add("");
        return md;
    }

    static String versions() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, ipykernel, jupyter_client; print('Python', sys.version.split()[0] + ', ipykernel', "
                        + "ipykernel.__version__ + ', jupyter_client', jupyter_client.__version__)")
                .redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return v;
    }

    /**
     * Start-up and idle memory of the two starts the launcher offers (packaging/bin/jvm-memory.sh): the default,
     * whose whole 512 MB heap is taken and touched at start so that RSS stays flat under load, and the small start
     * ({@code TEJUN_START_HEAP=32m}) whose RSS is low at idle and grows under load instead. The two alternate.
     */
    static List<String> startUp(Path repo, Path runbooks, Path work, Plan plan, Summary summary) throws Exception {
        record Start(String name, Map<String, String> env, List<Double> startup, List<Double> rss, List<Double> heap,
                List<Double> own) {
            Start(String name, Map<String, String> env) {
                this(name, env, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            }
        }
        List<Start> starts = List.of(
                new Start("default start (512 MB heap taken and touched at start)", Map.of()),
                new Start("small start (`TEJUN_START_HEAP=32m`)", Map.of("TEJUN_START_HEAP", "32m")));
        for (int i = 0; i < plan.starts(); i++) {
            for (int k = 0; k < starts.size(); k++) {
                Start start = starts.get(k);
                try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home-start-" + k + "-" + i), start.env())) {
                    start.startup().add(s.startMillis);
                    Thread.sleep(2000);
                    start.rss().add(s.rssMb());
                    start.own().add(s.privateRssMb());
                    start.heap().add(s.liveHeapMb());
                }
            }
        }
        Start big = starts.get(0);
        Start small = starts.get(1);
        List<String> md = new ArrayList<>();
        md.add("## Start-up and idle memory");
        md.add("");
        md.add("`./tejun serve` started to `GET /api/health` answering 200; RSS 2 s later, then live heap after a full GC. "
                + "The default start takes and touches its whole 512 MB heap at once, so that RSS stays flat under load "
                + "(bench/RESULTS-soak.md); the small start (`TEJUN_START_HEAP=32m`) is what a laptop or a test server "
                + "uses: small at idle, its RSS grows under load towards the heap limit. The two alternate.");
        md.add("");
        md.add("| figure " + Stats.HEADER + " goal |");
        md.add("|---|---|---|---|---|---|---|");
        md.add("| process start to healthy, default start (ms) | " + Stats.of(big.startup()).cells(0) + " | <= 2000 |");
        md.add("| process start to healthy, small start (ms) | " + Stats.of(small.startup()).cells(0) + " | <= 2000 |");
        md.add("| idle RSS after start, default start (MB) | " + Stats.of(big.rss()).cells(0) + " | <= 700 |");
        md.add("| idle RSS after start, small start (MB) | " + Stats.of(small.rss()).cells(0) + " | <= 150 |");
        md.add("| — of which the process's own (`RssAnon`; the rest is mapped files: jars, the class archive), small start (MB) | "
                + Stats.of(small.own()).cells(0) + " | |");
        md.add("| idle live heap, default start (MB) | " + Stats.of(big.heap()).cells(1) + " | |");
        md.add("");
        summary.goal("start to healthy, p50 (ms)", Stats.of(big.startup()).p50(), 2000, true);
        summary.goal("idle RSS, default start (512 MB heap touched), p50 (MB)", Stats.of(big.rss()).p50(), 700, true);
        summary.goal("idle RSS, small start (`TEJUN_START_HEAP=32m`), p50 (MB)", Stats.of(small.rss()).p50(), 150, true);
        return md;
    }
}
