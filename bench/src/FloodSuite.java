import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Output floods: one cell writing {@code mib} MiB of 100-character lines, one writing {@code lines} short lines
 * ({@code seq}). Tejun: time to cell-finished, bytes in evidence, characters a WebSocket client received, heap and RSS
 * peaks. ipykernel: the same shell commands as {@code !cmd}, time to idle, bytes the client received, kernel RSS peak.
 */
final class FloodSuite {

    /** A flood: the shell command of the Tejun cell, and Python code that writes the same bytes in ipykernel. */
    record Flood(String id, String label, String command, String python, long bytes) {
    }

    static List<Flood> floods(int mib, int lines) {
        long bytes = mib * 1024L * 1024;
        return List.of(
                new Flood("mb", mib + " MiB of 100-character lines",
                        "yes '" + "x".repeat(99) + "' | head -c " + bytes,
                        "import sys\nl = 'x' * 99 + '\\n'\nw = sys.stdout.write\nfor _ in range(" + bytes / 100 + "): w(l)\nw(l[:"
                                + bytes % 100 + "])", bytes),
                new Flood("lines", String.format("%,d short lines", lines), "seq " + lines,
                        "for i in range(1, " + (lines + 1) + "): print(i)", seqBytes(lines)));
    }

    /** Bytes `seq n` writes: each number's digits plus a newline. */
    static long seqBytes(long n) {
        long total = 0;
        for (long digits = 1, from = 1; from <= n; digits++, from *= 10) {
            total += (Math.min(n, from * 10 - 1) - from + 1) * (digits + 1);
        }
        return total;
    }

    static String runbook(List<Flood> floods) {
        StringBuilder md = new StringBuilder("# flood\n");
        for (Flood f : floods) {
            md.append("\n```sh {#").append(f.id()).append("}\n").append(f.command()).append("\n```\n");
        }
        return md.toString();
    }

    /** One Tejun figure set and one ipykernel figure set per flood, per run. */
    static final class Figures {
        final List<Double> tMs = new ArrayList<>(), tMbps = new ArrayList<>(), tKept = new ArrayList<>(),
                tDelivered = new ArrayList<>(), tHeap = new ArrayList<>(), tRssPeak = new ArrayList<>(), tRssBefore = new ArrayList<>(),
                jMs = new ArrayList<>(), jMbps = new ArrayList<>(), jDelivered = new ArrayList<>(), jRssPeak = new ArrayList<>(),
                jRssBefore = new ArrayList<>(), ratio = new ArrayList<>();
        int jUnfinished;
    }

    static List<String> run(BenchServer s, Jupyter j, List<Flood> floods, int runs, Summary summary) throws Exception {
        List<Figures> all = new ArrayList<>();
        for (Flood f : floods) {
            Figures fig = new Figures();
            all.add(fig);
            // One uncounted run per side first, as the other suites warm up: a server just started has a small
            // heap whose young generation is too small for a flood, so its first flood promotes short-lived output
            // to the old generation (measured once: peak − live 106 MB, then 61 and 62 MB).
            tejun(s, f, new Figures());
            jupyter(j, f, new Figures());
            for (int r = 0; r < runs; r++) {
                if (r % 2 == 0) {
                    tejun(s, f, fig);
                    jupyter(j, f, fig);
                } else {
                    jupyter(j, f, fig);
                    tejun(s, f, fig);
                }
                fig.ratio.add(fig.tMs.getLast() / fig.jMs.getLast());
            }
        }
        List<String> md = new ArrayList<>();
        md.add("## Output flood, side by side with ipykernel");
        md.add("");
        md.add(runs + " run(s) per flood, the two sides alternating, after one uncounted run per side (on a server of its own). Tejun runs a shell command in an `sh` cell (`yes … | head -c`, "
                + "`seq`); ipykernel runs Python that writes the same bytes (`sys.stdout.write` of 100-byte lines, `print(i)`): "
                + "the same command as `!cmd` goes through a pty and pexpect and is far slower (10 MiB took 8 s, 100 MiB did "
                + "not finish in 10 minutes when tried on 2026-11-22), so it is not the fair comparison. ipykernel keeps "
                + "nothing: a client that is not connected loses the output, and there is no evidence. Through jupyter_client "
                + "nothing is dropped; a Jupyter server in between would drop iopub output above its `iopub_data_rate_limit` "
                + "(jupyter_server's default: 1,000,000 bytes/s over 3 s windows), so a browser through Jupyter would see "
                + "almost none of these floods.");
        for (int i = 0; i < floods.size(); i++) {
            Flood f = floods.get(i);
            Figures g = all.get(i);
            md.add("");
            md.add("### " + f.label() + " (" + String.format("%,d", f.bytes()) + " bytes)");
            md.add("");
            md.add("| figure | side " + Stats.HEADER + " goal |");
            md.add("|---|---|---|---|---|---|---|---|");
            md.add("| time to finished (ms) | Tejun | " + Stats.of(g.tMs).cells(0) + " | |");
            md.add("| time to finished (ms) | ipykernel | " + Stats.of(g.jMs).cells(0) + " | |");
            md.add("| ratio of times Tejun / ipykernel | | " + Stats.of(g.ratio).cells(2) + " | |");
            md.add("| throughput (MB/s, 10^6 bytes) | Tejun | " + Stats.of(g.tMbps).cells(1) + " | >= 100 |");
            md.add("| throughput (MB/s) | ipykernel | " + Stats.of(g.jMbps).cells(1) + " | |");
            md.add("| kept in evidence (% of bytes written) | Tejun | " + Stats.of(g.tKept).cells(1) + " | 100 |");
            md.add("| delivered to the client (% of bytes) | Tejun (WebSocket) | " + Stats.of(g.tDelivered).cells(1) + " | bounded; the rest as `output-gap` |");
            md.add("| delivered to the client (% of bytes) | ipykernel (iopub) | " + Stats.of(g.jDelivered).cells(1) + " | |");
            md.add("| heap growth: peak used − live before (MB) | Tejun server | " + Stats.of(g.tHeap).cells(0) + " | <= 64 |");
            md.add("| RSS before (MB) | Tejun server | " + Stats.of(g.tRssBefore).cells(0) + " | |");
            md.add("| RSS peak (MB) | Tejun server | " + Stats.of(g.tRssPeak).cells(0) + " | |");
            md.add("| RSS before (MB) | ipykernel kernel | " + Stats.of(g.jRssBefore).cells(0) + " | |");
            md.add("| RSS peak (MB) | ipykernel kernel | " + Stats.of(g.jRssPeak).cells(0) + " | |");
            summary.versus("flood " + f.label() + ": time to finished, p50 (ms)", Stats.of(g.tMs).p50(), Stats.of(g.jMs).p50(), "");
            summary.goal("flood " + f.label() + ": throughput, p50 (MB/s)", Stats.of(g.tMbps).p50(), 100, false);
            summary.goal("flood " + f.label() + ": kept in evidence, lowest (%)", Stats.of(g.tKept).min(), 100, false);
            summary.goal("flood " + f.label() + ": heap growth, p50 (MB)", Stats.of(g.tHeap).p50(), 64, true);
            if (g.jUnfinished > 0) {
                md.add("");
                md.add(g.jUnfinished + " ipykernel run(s) did not finish within the time limit and were interrupted.");
            }
        }
        md.add("");
        return md;
    }

    private static void tejun(BenchServer s, Flood f, Figures fig) throws Exception {
        double live = s.liveHeapMb();
        double rssBefore = s.rssMb();
        long mark = s.gcMark();
        AtomicLong rssPeakKb = new AtomicLong((long) (rssBefore * 1024));
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    rssPeakKb.accumulateAndGet(BenchServer.ProcStatus.kb(s.pid(), "VmRSS"), Math::max);
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (NotebookClient c = NotebookClient.connect(s, "flood.md")) {
            long t0 = System.nanoTime();
            JsonNode finished = c.run(f.id(), Duration.ofMinutes(10));
            double ms = (System.nanoTime() - t0) / 1e6;
            sampler.interrupt();
            sampler.join();
            String runId = finished.get("runId").asText();
            Path evidence;
            try (var dirs = Files.list(s.home.resolve("evidence").resolve(runId).resolve("cells"))) {
                evidence = dirs.findFirst().orElseThrow().resolve("stdout.bin");
            }
            // the used heap at the end counts too: a flood may end before the next collection
            double end = s.liveHeapMb();
            double peak = Math.max(s.heapPeakSinceMb(mark), end);
            fig.tMs.add(ms);
            fig.tMbps.add(f.bytes() / 1e6 / (ms / 1000));
            fig.tKept.add(100.0 * Files.size(evidence) / f.bytes());
            fig.tDelivered.add(100.0 * c.outputChars(runId) / f.bytes());
            fig.tHeap.add(peak - live);
            fig.tRssBefore.add(rssBefore);
            fig.tRssPeak.add(rssPeakKb.get() / 1024.0);
        }
    }

    private static void jupyter(Jupyter j, Flood f, Figures fig) throws Exception {
        JsonNode r = j.flood(f.python(), 300);
        double ms = r.get("ms").asDouble();
        if (!r.get("finished").asBoolean()) {
            fig.jUnfinished++;
        }
        fig.jMs.add(ms);
        fig.jMbps.add(r.get("stream_bytes").asLong() / 1e6 / (ms / 1000));
        fig.jDelivered.add(100.0 * r.get("stream_bytes").asLong() / f.bytes());
        fig.jRssBefore.add(r.get("kernel_rss_before_kb").asDouble() / 1024);
        fig.jRssPeak.add(r.get("kernel_rss_peak_kb").asDouble() / 1024);
    }
}
