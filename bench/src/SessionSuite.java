import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions: the memory an idle notebook session costs and what a JShell costs (K sessions opened, the difference in
 * live heap and RSS divided by K, measured R times on fresh servers), beside one idle ipykernel's RSS; then C
 * concurrent WebSocket clients, each on its own session, each running M trivial `sh` cells back to back.
 */
final class SessionSuite {

    static void writeRunbooks(Path runbooks, int idle, int jshells, int clients) throws Exception {
        for (int i = 0; i < idle; i++) {
            Files.writeString(runbooks.resolve("idle" + i + ".md"), "# idle " + i + "\n\n```sh {#t}\ntrue\n```\n");
        }
        for (int i = 0; i < jshells; i++) {
            Files.writeString(runbooks.resolve("jshell" + i + ".md"), "# jshell " + i + "\n\n```java {#t}\n1+1\n```\n");
        }
        writeClients(runbooks, "c", clients);
    }

    /** The clients' runbooks {@code prefix0.md…}: one cell {@code echo ok} each. */
    static void writeClients(Path runbooks, String prefix, int clients) throws Exception {
        for (int i = 0; i < clients; i++) {
            Files.writeString(
                    runbooks.resolve(prefix + i + ".md"), "# client " + i + "\n\n```sh {#t}\necho ok\n```\n");
        }
    }

    record Memory(List<Double> heapPerSession, List<Double> rssPerSession, List<Double> childRssPerSession) {
        Memory() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Opens k sessions of runbooks prefix0..prefix(k-1), running their one cell once, and adds the per-session deltas. */
    static void measure(BenchServer s, String prefix, int k, Memory into) throws Exception {
        // one session first, so what every session shares (classes, JIT code, the first JShell's javac) is not counted
        try (NotebookClient c = NotebookClient.connect(s, prefix + "0.md")) {
            c.runOnce("t");
        }
        Thread.sleep(500);
        double heap0 = s.liveHeapMb();
        double rss0 = s.rssMb();
        double child0 = s.childrenRssMb();
        for (int i = 1; i < k; i++) {
            try (NotebookClient c = NotebookClient.connect(s, prefix + i + ".md")) {
                c.runOnce("t");
            }
        }
        Thread.sleep(1000);
        int n = k - 1;
        into.heapPerSession().add((s.liveHeapMb() - heap0) / n);
        into.rssPerSession().add((s.rssMb() - rss0) / n);
        into.childRssPerSession().add((s.childrenRssMb() - child0) / n);
    }

    static List<String> memory(Memory idle, int idleK, Memory jshell, int jshellK, List<Double> ipykernelRss, Summary summary) {
        List<String> md = new ArrayList<>();
        md.add("## Memory per session");
        md.add("");
        md.add("K sessions opened on one server (each runs its one cell once, then the socket closes and the session stays, "
                + "as it does when a browser tab closes); the difference in live heap (after a full GC) and in RSS, divided by "
                + "the sessions opened after the first. Each repetition on a fresh server. A JShell runs in its own JVM, so its "
                + "cost is the server's part plus that process's RSS. ipykernel: the RSS of one idle kernel process "
                + "(every Jupyter notebook has its own).");
        md.add("");
        md.add("| figure (MB per session) " + Stats.HEADER);
        md.add("|---|---|---|---|---|---|");
        md.add("| idle `sh` session, server live heap (K=" + idleK + ") | " + Stats.of(idle.heapPerSession()).cells(3) + " |");
        md.add("| idle `sh` session, server RSS (K=" + idleK + ") | " + Stats.of(idle.rssPerSession()).cells(3) + " |");
        md.add("| JShell session, server live heap (K=" + jshellK + ") | " + Stats.of(jshell.heapPerSession()).cells(2) + " |");
        md.add("| JShell session, server RSS (K=" + jshellK + ") | " + Stats.of(jshell.rssPerSession()).cells(2) + " |");
        md.add("| JShell session, its agent JVM's RSS (K=" + jshellK + ") | " + Stats.of(jshell.childRssPerSession()).cells(1) + " |");
        md.add("| ipykernel: one idle kernel's RSS | " + Stats.of(ipykernelRss).cells(1) + " |");
        double idleTotal = Stats.of(idle.rssPerSession()).p50();
        double jshellTotal = Stats.of(jshell.rssPerSession()).p50() + Stats.of(jshell.childRssPerSession()).p50();
        double kernel = Stats.of(ipykernelRss).p50();
        md.add("");
        md.add(String.format("Ratio of medians, RSS per session: idle `sh` session / ipykernel = %s; JShell session (server + "
                + "agent) / ipykernel = %s.", Stats.ratio(idleTotal, kernel), Stats.ratio(jshellTotal, kernel)));
        md.add("");
        summary.versus("RSS per idle `sh` session vs an idle ipykernel (MB)", idleTotal, kernel, "");
        summary.versus("RSS per JShell session (server + agent) vs an idle ipykernel (MB)", jshellTotal, kernel, "");
        return md;
    }

    /** C clients, M cells each, all at once; checks every event's seq and each run's event order. */
    static List<String> concurrent(BenchServer s, int clients, int cells, int repeats, Summary summary) throws Exception {
        return concurrent(s, "c", false, "", clients, cells, repeats, summary);
    }

    /**
     * Where a round trip's time went, from the events' own times (server clock, the same machine): the mean of each
     * step over all cells, over the slowest 5 % and the slowest 1 % (by round trip to cell-finished).
     */
    static List<String> phaseTable(List<long[]> phases) {
        List<long[]> byTotal = new ArrayList<>();
        for (long[] ph : phases) {
            // a cell with no output (`true`) has no output step: its output time is its start
            long[] p = ph.clone();
            if (p[3] == 0) {
                p[3] = p[2];
            }
            if (java.util.Arrays.stream(p).allMatch(v -> v > 0)) {
                byTotal.add(p);
            }
        }
        if (byTotal.isEmpty()) {
            return List.of();
        }
        byTotal.sort(java.util.Comparator.comparingLong(ph -> ph[5] - ph[0]));
        String[] names = {"execute sent → run-started", "run-started → cell-started", "cell-started → its output",
            "output → cell-finished", "cell-finished → client has it",
            "after the round trip: cell-finished → run-finished (the run's end, sealed; server's times)",
            "after the round trip: run-finished → client has it",
            "after the round trip: client has run-finished → client sends its next execute"};
        int[][] steps = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {4, 6}, {6, 7}, {7, 8}};
        List<String> md = new ArrayList<>();
        md.add("Where the round trip went (mean ms per step, from the events' `at`; " + phases.size() + " runs):");
        md.add("");
        md.add("| step | all cells | slowest 5 % | slowest 1 % |");
        md.add("|---|---|---|---|");
        int n = byTotal.size();
        for (int k = 0; k < names.length; k++) {
            int[] st = steps[k];
            md.add("| " + names[k] + " | " + mean(byTotal.subList(0, n), st) + " | "
                    + mean(byTotal.subList(n - Math.max(1, n / 20), n), st) + " | "
                    + mean(byTotal.subList(n - Math.max(1, n / 100), n), st) + " |");
        }
        md.add("");
        return md;
    }

    /** One client's runs with, in [8], when the client sent its next execute (0 for its last run). */
    static List<long[]> withNextSend(java.util.Collection<long[]> runs) {
        List<long[]> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(ph -> ph[0]));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            sorted.get(i)[8] = sorted.get(i + 1)[0];
        }
        return sorted;
    }

    private static String mean(List<long[]> rows, int[] step) {
        return String.format("%.1f", rows.stream().mapToLong(ph -> ph[step[1]] - ph[step[0]]).average().orElse(0) / 1000);
    }

    /**
     * As {@link #concurrent(BenchServer, int, int, int, Summary)} on runbooks {@code prefix<i>.md}; with
     * {@code openedFirst} the sessions are opened and the machine left to settle (what opening starts, such as each
     * session's shell sandbox, done: the CPU ≥ 80 % idle over a second, at most 60 s) before the cells begin, as a
     * notebook is open before someone runs its cells. {@code round} (e.g. ", second round", or empty) is added to
     * the part's title and figures.
     */
    static List<String> concurrent(
            BenchServer s,
            String prefix,
            boolean openedFirst,
            String round,
            int clients,
            int cells,
            int repeats,
            Summary summary)
            throws Exception {
        String how = (openedFirst ? ", sessions opened first" : "") + round;
        double settledIn = 0;
        List<Double> all = Collections.synchronizedList(new ArrayList<>());
        // each session's sandbox process (the zygote) starts when the session opens; without openedFirst the cells
        // begin while the 100 are still starting (~15 ms of CPU each on two cores), so the first cells share the
        // machine with them, and with 50 cells a client they are the slowest 2 % — the pooled p99 itself
        List<Double> firsts = Collections.synchronizedList(new ArrayList<>());
        List<Double> later = Collections.synchronizedList(new ArrayList<>());
        List<Double> throughput = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        long lost = 0;
        long seqProblems = 0;
        long badRuns = 0;
        long gaps = 0;
        long failures = 0;
        List<long[]> phases = new ArrayList<>();
        long messages = 0;
        String firstProblem = null;
        for (int r = 0; r < repeats; r++) {
            List<NotebookClient> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                cs.add(NotebookClient.connect(s, prefix + i + ".md"));
            }
            if (openedFirst) {
                settledIn = Math.max(settledIn, settle());
            }
            List<Double> times = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong failed = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (NotebookClient c : cs) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        for (int k = 0; k < cells; k++) {
                            double t = c.runOnce("t");
                            times.add(t);
                            (k == 0 ? firsts : later).add(t);
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        System.err.println("client failed: " + e);
                    }
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(500); // the last run-finished follows its cell-finished
            throughput.add(times.size() / seconds);
            Stats st = Stats.of(times);
            p50s.add(st.p50());
            p99s.add(st.p99());
            all.addAll(times);
            failures += failed.get();
            // 5 events per run: run-started, cell-started, one cell-output ("ok"), cell-finished, run-finished
            long expectedRuns = (long) (r + 1) * cells;
            for (NotebookClient c : cs) {
                long expected = expectedRuns * 5;
                lost += Math.max(0, expected - c.events);
                seqProblems += c.seqProblems;
                badRuns += c.badRuns() + Math.max(0, expectedRuns - c.runsSeen());
                gaps += c.outputGaps;
                if (firstProblem == null && c.firstProblem != null) {
                    firstProblem = c.firstProblem;
                }
                synchronized (c) {
                    phases.addAll(withNextSend(c.phases.values()));
                    messages += c.messages;
                }
                c.close();
            }
        }
        Stats st = Stats.of(all);
        List<String> md = new ArrayList<>();
        md.add("## " + clients + " concurrent WebSocket clients, " + cells + " `sh` cells each" + how);
        md.add("");
        md.add((openedFirst
                        ? String.format(
                                "The sessions were opened first and their cells started once the machine had settled"
                                        + " (%.1f s after the last opened; CPU ≥ 80 %% idle over a second). ",
                                settledIn)
                        : "")
                + "Each client on its own session (runbook `" + prefix
                + "<i>.md`, cell `echo ok`), all started at once, each running its "
                + "cells back to back; " + repeats + " repetition(s) on one server (the later ones see every earlier event "
                + "again on attach, and check them again). Every event's `seq` is checked per session, and every run's "
                + "events must come as run-started, cell-started, cell-output, cell-finished, run-finished.");
        md.add("");
        md.add("| figure " + Stats.HEADER);
        md.add("|---|---|---|---|---|---|");
        md.add("| round trip, all cells pooled (ms) | " + st.cells(1) + " |");
        md.add("| — each session's first cell (while the sandboxes start, unless opened first) (ms) | " + Stats.of(firsts).cells(1) + " |");
        md.add("| — the cells after each session's first (ms) | " + Stats.of(later).cells(1) + " |");
        md.add("| p50 per repetition (ms) | " + Stats.of(p50s).cells(1) + " |");
        md.add("| p99 per repetition (ms) | " + Stats.of(p99s).cells(1) + " |");
        md.add("| throughput (cells/s) | " + Stats.of(throughput).cells(1) + " |");
        md.add("");
        md.add(String.format("Messages the clients received per run: %.2f (events and replies).",
                (double) messages / Math.max(1, phases.size())));
        md.add("");
        md.addAll(phaseTable(phases));
        md.add("| check | count | goal |");
        md.add("|---|---|---|");
        md.add("| events lost (expected − received) | " + lost + " | 0 |");
        md.add("| events out of order (seq not previous + 1) | " + seqProblems + (firstProblem == null ? "" : " (first: " + firstProblem + ")") + " | 0 |");
        md.add("| runs missing or with events out of order | " + badRuns + " | 0 |");
        md.add("| `output-gap` events | " + gaps + " | 0 |");
        md.add("| clients that failed (timeout, error) | " + failures + " | 0 |");
        md.add("");
        String part = clients + " clients × " + cells + " cells" + how;
        summary.goal(part + ": events lost, out of order or gapped", lost + seqProblems + badRuns + gaps + failures, 0, true);
        if (clients == 100 && cells == 50) { // issue 14's goal: ≥ 500 cells/s with round trip p99 ≤ 300 ms
            summary.goal(part + ": throughput, p50 (cells/s)", Stats.of(throughput).p50(), 500, false);
            summary.goal(part + ": round trip p99 (ms)", st.p99(), 300, true);
        } else {
            summary.info(part + ": throughput, p50 (cells/s)", Stats.of(throughput).p50());
            summary.info(part + ": round trip p99 (ms)", st.p99());
        }
        summary.info(part + ": round trip p99 after each session's first cell (ms)", Stats.of(later).p99());
        return md;
    }

    /** Waits until the CPU is at least 80 % idle over a second (at most 60 s); answers the seconds waited. */
    static double settle() throws Exception {
        long t0 = System.nanoTime();
        long[] before = cpu();
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            Thread.sleep(1000);
            long[] now = cpu();
            double idle = (double) (now[1] - before[1]) / Math.max(1, now[0] - before[0]);
            before = now;
            if (idle >= 0.8) {
                break;
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The machine's CPU time so far from /proc/stat: {total, idle + iowait} in ticks. */
    private static long[] cpu() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }
}
