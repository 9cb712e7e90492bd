import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-cell figures of issue 14 on one server started by the launcher: the warm `sh` `true` round trip over the
 * WebSocket (one client, after a warm-up), then C clients × M `sh` cells all at once ({@link SessionSuite#concurrent},
 * which checks every event's seq), then the same on C sessions opened first and left to settle. With a fifth argument, a JFR recording (settings=profile) of the concurrent part.
 *   java -cp … bench/src/CellLoadBench.java REPO WARMUP N CLIENTS CELLS [FILE.jfr]
 * Run by bench/load; writes bench/RESULTS-load.md (or $TEJUN_BENCH_OUT/RESULTS-load.md).
 */
public class CellLoadBench {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int warmUp = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int cells = Integer.parseInt(args[4]);
        Path jfr = args.length > 5 ? Path.of(args[5]).toAbsolutePath() : null;
        Path work = Files.createTempDirectory("tejun-load");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("sh.md"), "# sh\n\n```sh {#t}\ntrue\n```\n");
        SessionSuite.writeRunbooks(runbooks, 0, 0, clients);
        SessionSuite.writeClients(runbooks, "o", clients);
        // TEJUN_BENCH_ROUNDS: how many rounds on new sessions after "opened first" (1: the second round alone); the
        // default six show where a server settles once its JIT compiler is done with the concurrent paths (C2 spent
        // ~0.5 ms of CPU per cell until round 5, ~0.15 in round 7: bench/NOTES.md, sixteenth round)
        int rounds = Integer.parseInt(System.getenv().getOrDefault("TEJUN_BENCH_ROUNDS", "6"));
        for (int r = 0; r < rounds; r++) {
            SessionSuite.writeClients(runbooks, roundPrefix(r), clients);
        }
        List<String> md = new ArrayList<>(List.of("# Per-cell overhead (issue 14)", ""));
        String loadBefore = load();
        Summary summary = new Summary();
        MachineSpeed speed = new MachineSpeed(work.resolve("probe"));
        speed.awaitSettled(8);
        speed.probe("before");
        try (BenchServer s = BenchServer.start(repo, runbooks, work.resolve("home"))) {
            md.add("## Warm `sh` `true` round trip, one client");
            md.add("");
            md.add("The same cells measured with two clients, one after the other on one session (the plain one second): the JDK's"
                    + " java.net.http WebSocket client hands every message across its selector thread and an executor"
                    + " (its own CPU per cell is below), a plain-socket client (bench/src/PlainSocket.java) reads on one"
                    + " thread; a browser's WebSocket is native code.");
            md.add("");
            md.add("| figure " + Stats.HEADER);
            md.add("|---|---|---|---|---|---|");
            List<String> details = new ArrayList<>();
            double plainP50 = 0;
            for (boolean plain : new boolean[] {false, true}) {
                Warm w = warm(s, plain, warmUp, n);
                String who = plain ? "plain-socket client" : "JDK client";
                md.add("| round trip, " + who + ", " + n + " cells after " + warmUp + " (ms) | " + w.stats().cells(2) + " |");
                details.add("With the " + who + ": CPU per cell: " + w.cpu().perCell(n) + ".");
                details.add("");
                details.addAll(w.phases());
                if (plain) {
                    plainP50 = w.stats().p50();
                }
            }
            String loadAfterRoundTrips = load();
            md.add("");
            md.addAll(details);
            md.add("Goal p50 ≤ 3 ms (plain-socket client): " + (plainP50 <= 3 ? "met" : "not met")
                    + ". Load average before: " + loadBefore + "; after: " + loadAfterRoundTrips + ".");
            md.add("");
            if (jfr != null) {
                System.err.println(s.jcmd("JFR.start name=load settings=" + System.getenv().getOrDefault("JFR_SETTINGS", "profile") + " filename=" + jfr));
            }
            speed.probe("after the warm part");
            Cpu before = Cpu.of(s);
            md.addAll(SessionSuite.concurrent(s, clients, cells, 1, summary));
            Cpu used = Cpu.of(s).minus(before);
            if (jfr != null) {
                System.err.println(s.jcmd("JFR.stop name=load"));
            }
            md.add("CPU per cell: " + used.perCell((long) clients * cells) + " (the benchmark's own clients run on the"
                    + " same cores and are not counted).");
            md.add("");
            md.add("Goal ≥ 500 cells/s with p99 ≤ 300 ms and 0 events lost. Load average at the end: " + load() + ".");
            md.add("");
            speed.probe("after \"at once\"");
            // the same on sessions not used before, opened first: what a cell costs once its notebook is open
            before = Cpu.of(s);
            md.addAll(SessionSuite.concurrent(s, "o", true, "", clients, cells, 1, summary));
            used = Cpu.of(s).minus(before);
            md.add("CPU per cell: " + used.perCell((long) clients * cells) + ". Load average at the end: " + load()
                    + ".");
            md.add("");
            speed.probe("after \"opened first\"");
            // and once more on new sessions, opened first: a server that has run every path of the parts above
            // (its JIT compiler still compiled ~0.6 ms per cell here on 6 Dec 2026: C2 keeps compiling for longer)
            for (int r = 0; r < rounds; r++) {
                before = Cpu.of(s);
                String label = r == 0 ? ", second round" : ", round " + (r + 2);
                md.addAll(SessionSuite.concurrent(s, roundPrefix(r), true, label, clients, cells, 1, summary));
                used = Cpu.of(s).minus(before);
                md.add("CPU per cell: " + used.perCell((long) clients * cells) + ". Load average at the end: "
                        + load() + ".");
                md.add("");
                if (r < rounds - 1) {
                    speed.probe("after round " + (r + 2));
                }
            }
        }
        speed.probe("at the end");
        md.addAll(summary.lines());
        md.add("");
        md.add(speed.line());
        md.add("");
        md.add("Measured by `bench/load` on " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, one server started by the launcher (TEJUN_JAVA_OPTS: `"
                + System.getenv().getOrDefault("TEJUN_JAVA_OPTS", "") + "`)" + (jfr == null ? "" : ", a JFR recording of the"
                + " concurrent part") + "; the clients: " + NotebookClient.clientName() + ".");
        String text = String.join("\n", md) + "\n";
        System.out.print(text);
        String out = System.getenv("TEJUN_BENCH_OUT");
        Files.writeString((out == null || out.isBlank() ? repo.resolve("bench") : Path.of(out)).resolve("RESULTS-load.md"), text);
        if (System.getenv("TEJUN_BENCH_KEEP") == null) {
            BenchServer.remove(work); // ~850 MB of evidence and events; kept on a failure, or when asked, to look into
        } else {
            System.err.println("kept: " + work);
        }
    }

    /** The runbooks' prefix of round {@code r} after "opened first": p0.md … for the second round. */
    private static String roundPrefix(int r) {
        return r == 0 ? "p" : "p" + r + "-";
    }

    record Warm(Stats stats, List<String> phases, Cpu cpu) {}

    /** One client on one session: warmUp cells, then n measured back to back. */
    private static Warm warm(BenchServer s, boolean plain, int warmUp, int n) throws Exception {
        List<Double> times = new ArrayList<>();
        try (NotebookClient c = NotebookClient.connect(s, "sh.md", plain)) {
            for (int i = 0; i < warmUp; i++) {
                c.runOnce("t");
            }
            Cpu before = Cpu.of(s);
            synchronized (c) {
                c.phases.clear();
            }
            for (int i = 0; i < n; i++) {
                times.add(c.runOnce("t"));
            }
            Cpu used = Cpu.of(s).minus(before);
            List<String> phases;
            synchronized (c) {
                phases = SessionSuite.phaseTable(SessionSuite.withNextSend(c.phases.values()));
            }
            return new Warm(Stats.of(times), phases, used);
        }
    }

    /**
     * CPU time used so far, in clock ticks: the server's JVM (all its threads), and its child processes (the
     * sessions' sandbox zygotes and the cells they start: live ones as they stand, ended ones as reaped). Of the
     * JVM's: its JIT compiler threads' and its VM thread's (collections with the serial GC, safepoints), from
     * /proc/PID/task (a compiler thread the JVM ended meanwhile is missing there, so those two are at least that).
     */
    record Cpu(long server, long children, long jit, long vm, long bench, long machine) {
        static final double TICK_MS = 10; // USER_HZ is 100 on Linux

        static Cpu of(BenchServer s) throws Exception {
            long[] self = ticks(s.pid());
            long children = self[1];
            for (ProcessHandle d : ProcessHandle.of(s.pid()).orElseThrow().descendants().toList()) {
                long[] t = ticks(d.pid());
                children += t[0] + t[1]; // t[1]: what it reaped (a zygote's monitors and their cells)
            }
            long jit = 0;
            long vm = 0;
            try (var tasks = Files.list(Path.of("/proc/" + s.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    String comm;
                    try {
                        comm = Files.readString(task.resolve("comm")).strip();
                    } catch (Exception gone) {
                        continue;
                    }
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        jit += ticks(task.resolve("stat"))[0];
                    } else if (comm.equals("VM Thread")) {
                        vm += ticks(task.resolve("stat"))[0];
                    }
                }
            }
            long bench = ticks(ProcessHandle.current().pid())[0];
            return new Cpu(self[0], children, jit, vm, bench, machineBusy());
        }

        /** utime + stime, and cutime + cstime, of one process (zeros when it has ended meanwhile). */
        private static long[] ticks(long pid) {
            return ticks(Path.of("/proc/" + pid + "/stat"));
        }

        private static long[] ticks(Path statFile) {
            try {
                String stat = Files.readString(statFile);
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields after the name, from state (field 3): utime is field 14, stime 15, cutime 16, cstime 17
                return new long[] {
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])
                };
            } catch (Exception gone) {
                return new long[] {0, 0};
            }
        }

        Cpu minus(Cpu o) {
            return new Cpu(server - o.server, children - o.children, jit - o.jit, vm - o.vm, bench - o.bench,
                    machine - o.machine);
        }

        /** Ticks the machine's cores were busy (all but idle and iowait), from /proc/stat. */
        private static long machineBusy() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length; i++) {
                    if (i != 4 && i != 5 && i < 9) { // not idle, iowait, guest (counted in user)
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (Exception e) {
                return 0;
            }
        }

        String perCell(long cells) {
            return String.format(
                    "server JVM %.2f ms (of which its JIT compiler threads %.2f ms, its VM thread %.2f ms), its sandbox"
                            + " and cell processes %.2f ms; the benchmark's own JVM %.2f ms; the whole machine %.2f ms",
                    server * TICK_MS / cells,
                    jit * TICK_MS / cells,
                    vm * TICK_MS / cells,
                    children * TICK_MS / cells,
                    bench * TICK_MS / cells,
                    machine * TICK_MS / cells);
        }
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
