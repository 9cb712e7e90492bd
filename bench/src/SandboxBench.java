import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cell sandbox costs: an `sh` `true` cell through the shell executor (the process start that a WebSocket
 * round trip adds its fixed costs to) and the first `java` cell of a session (`1 + 1`, which starts the agent JVM),
 * with the sandbox in each mode, modes alternating so that load on the machine falls on all alike. Under bubblewrap
 * both ways a shell cell can start are measured: a sandbox set up per cell (`TEJUN_CELL_ZYGOTE=off`) and the
 * session's long-lived sandbox, the zygote (the default), which is forked from the server's one forker into the
 * sandbox bubblewrap set up; the zygote started as a Python process of its own (`TEJUN_CELL_ZYGOTE=direct`, as before
 * 7 Dec 2026) is measured beside it. The `java` agent JVM always gets a sandbox of its own.
 */
public class SandboxBench {

    /**
     * Mode name as the table shows it; "bwrap" is the default (forked zygote), "bwrap-direct" the zygote started on
     * its own, "bwrap-per-cell" the sandbox per cell.
     */
    static final List<String> MODES = List.of("none", "user", "bwrap-per-cell", "bwrap-direct", "bwrap");

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int shRuns = Integer.parseInt(args[1]);
        int javaRuns = Integer.parseInt(args[2]);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Path data = Files.createTempDirectory("tejun-sandbox-");
        Path work = Files.createDirectories(data.resolve("work").resolve("bench"));
        Map<String, CellSandbox> sandboxes = new LinkedHashMap<>();
        for (String mode : MODES) {
            Map<String, String> env = new HashMap<>(System.getenv());
            String base = mode.replaceAll("-.*", "");
            env.put(CellSandbox.MODE_ENV, base);
            env.put(CellSandbox.ZYGOTE_ENV, mode.endsWith("-per-cell") ? "off" : mode.endsWith("-direct") ? "direct" : "on");
            CellSandbox s = CellSandbox.from(env, data);
            if (!s.mode().name().equalsIgnoreCase(base)) {
                throw new IllegalStateException(mode + " is not available here: " + s.warning().orElse(""));
            }
            sandboxes.put(mode, s);
        }
        Map<String, List<Double>> sh = new LinkedHashMap<>();
        Map<String, Executor> shells = new LinkedHashMap<>();
        for (String mode : MODES) {
            sh.put(mode, new ArrayList<>());
            shells.put(mode, new ShellExecutorFactory().create(new SessionContext("bench", work, data, null, sandboxes.get(mode))));
        }
        for (int i = -20; i < shRuns; i++) { // the first 20 warm the JVM; not counted
            for (String mode : MODES) {
                double ms = time(shells.get(mode), "sh", "true", work);
                if (i >= 0) {
                    sh.get(mode).add(ms);
                }
            }
        }
        // a session's first `sh` cell: under bwrap it starts the session's sandbox (the zygote: bubblewrap and a
        // Python process) and waits until it is ready; a notebook opened first has this done before its first cell,
        // 100 sessions run at once (bench/load) pay it on their first cells, all in one burst
        int firstRuns = Math.max(3 * javaRuns, 60);
        Map<String, List<Double>> firstShCpu = new LinkedHashMap<>();
        Map<String, List<Double>> firstSh = firstCells(MODES, 2, firstRuns, mode -> new ShellExecutorFactory()
                .create(new SessionContext("bench", work, data, null, sandboxes.get(mode))), "sh", "true", work,
                firstShCpu);
        // the agent JVM is started alike either way: no per-cell or direct column
        List<String> javaModes = MODES.stream().filter(m -> !m.contains("-")).toList();
        Map<String, List<Double>> java = firstCells(javaModes, 1, javaRuns, mode -> new JavaExecutorFactory()
                .create(new SessionContext("bench", work, data, null, sandboxes.get(mode))), "java", "1 + 1", work,
                new LinkedHashMap<>());
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        StringBuilder md = new StringBuilder("# Cell sandbox cost\n\n");
        md.append("| figure | none (ms) | user (ms) | bwrap, sandbox per cell (ms) | bwrap, zygote started on its own (ms)"
                + " | bwrap, session zygote (forked) (ms) | bwrap − none (ms) | target | met |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        row(md, "`sh` `true` cell, p50 of " + shRuns, sh, 3);
        row(md, "`sh` `true` cell, p90 of " + shRuns, sh, 90, Double.NaN);
        row(md, "a session's first `sh` `true` cell (under bwrap: its zygote starts), median of " + firstRuns, firstSh, Double.NaN);
        // /proc/stat counts in 10 ms ticks: the mean of many is the figure, not a median
        firstShCpu.replaceAll((mode, ms) -> List.of(ms.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        row(md, "— CPU of the whole machine for it (all processes, the JVM's too), mean of " + firstRuns, firstShCpu,
                Double.NaN);
        row(md, "first `java` cell (`1 + 1`, agent JVM start), median of " + javaRuns, java, 100);
        md.append("\nLoad average before: ").append(loadBefore).append("; at the end: ").append(load).append(".\n");
        md.append("\nMeasured by `bench/sandbox` on ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, through the kernel's shell and Java executors")
                .append(" (no WebSocket: the sandbox's cost is the same wherever the cell comes from). Modes alternate in each round;")
                .append(" the `java` agent JVM gets a sandbox of its own either way, so its row has no per-cell column.\n");
        shells.values().forEach(Executor::close);
        System.out.print(md);
        // bench/run --quick sends every suite's results to its own folder, so the committed ones stay
        String out = System.getenv("TEJUN_BENCH_OUT");
        Files.writeString((out == null || out.isBlank() ? repo.resolve("bench") : Path.of(out)).resolve("RESULTS-sandbox.md"), md);
    }

    /**
     * The first cell of a new executor (a new session's), {@code runs} times for each of {@code modes} in turn after
     * {@code warm} rounds not counted; each executor is closed after its cell.
     */
    static Map<String, List<Double>> firstCells(List<String> modes, int warm, int runs,
            java.util.function.Function<String, Executor> executor, String language, String code, Path work,
            Map<String, List<Double>> cpu) throws java.io.IOException {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        modes.forEach(m -> out.put(m, new ArrayList<>()));
        modes.forEach(m -> cpu.put(m, new ArrayList<>()));
        for (int i = -warm; i < runs; i++) {
            for (String mode : modes) {
                Executor ex = executor.apply(mode);
                double busy = machineBusyMs();
                double ms = time(ex, language, code, work);
                busy = machineBusyMs() - busy;
                ex.close();
                if (i >= 0) {
                    out.get(mode).add(ms);
                    cpu.get(mode).add(busy);
                }
            }
        }
        return out;
    }

    /**
     * CPU time the whole machine has spent busy since boot, in ms (/proc/stat: user, nice, system, irq, softirq; not
     * idle, iowait, the time the host gave to others (steal), nor guest, which user counts already).
     */
    static double machineBusyMs() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 8); i++) {
            busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
        }
        return busy * 10.0; // USER_HZ 100
    }

    static double time(Executor ex, String language, String code, Path work) {
        long t0 = System.nanoTime();
        CellOutcome outcome = ex.execute(new CellRequest("r", "c", language, code, Attributes.NONE, work, null, Map.of()),
                new RecordingOutput());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (outcome.status() != CellStatus.OK) {
            throw new IllegalStateException(language + " cell failed: " + outcome.message());
        }
        return ms;
    }

    static void row(StringBuilder md, String name, Map<String, List<Double>> t, double target) {
        row(md, name, t, 50, target);
    }

    /** A row of the {@code percentile}s; the per-cell column is empty where it was not measured. */
    static void row(StringBuilder md, String name, Map<String, List<Double>> t, int percentile, double target) {
        double none = pct(t.get("none"), percentile);
        double user = pct(t.get("user"), percentile);
        double perCell = t.get("bwrap-per-cell") == null || t.get("bwrap-per-cell").isEmpty() ? Double.NaN
                : pct(t.get("bwrap-per-cell"), percentile);
        double direct = t.get("bwrap-direct") == null || t.get("bwrap-direct").isEmpty() ? Double.NaN
                : pct(t.get("bwrap-direct"), percentile);
        double bwrap = pct(t.get("bwrap"), percentile);
        md.append("| ").append(name).append(" | ").append(f(none)).append(" | ").append(f(user)).append(" | ")
                .append(Double.isNaN(perCell) ? "—" : f(perCell)).append(" | ")
                .append(Double.isNaN(direct) ? "—" : f(direct)).append(" | ").append(f(bwrap)).append(" | ")
                .append(f(bwrap - none)).append(" | ")
                .append(Double.isNaN(target) ? "— | — |\n" : "≤ " + (int) target + " extra | "
                        + (bwrap - none <= target ? "yes" : "no") + " |\n");
    }

    static double pct(List<Double> xs, int percentile) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, s.size() * percentile / 100));
    }

    static String f(double x) {
        return String.format("%.2f", x);
    }
}
