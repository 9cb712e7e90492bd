import java.util.ArrayList;
import java.util.List;

/**
 * Cell round trips side by side: Tejun `sh` (`true`) and `java` (`1+1`) over the WebSocket against ipykernel
 * `!true` and `1+1` through jupyter_client, in blocks that alternate between the two sides (and swap which side goes
 * first each block), so a burst of load from elsewhere on the machine falls on both.
 */
final class RoundTripSuite {

    /** @param newText the cell's text changes at every run (a parameter in it), so JShell compiles it anew */
    record Pair(String label, String tejunRunbook, String jupyterCode, String jupyterLabel, boolean newText) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("`sh` `true`", "sh.md", "!true", "`!true`", false),
            new Pair("`java` `1+1`", "java.md", "1+1", "`1+1`", false),
            new Pair("`java` `1+N`, N new every run", "java-new.md", "1+{i}", "`1+N`", true));

    private static int counter;

    private static double tejunOnce(NotebookClient c, Pair p) throws Exception {
        return p.newText() ? c.runOnce("t", "{\"n\":\"" + (++counter) + "\"}") : c.runOnce("t");
    }

    static List<String> run(BenchServer s, Jupyter j, int blocks, int perBlock, int warmUp, Summary summary) throws Exception {
        List<List<Double>> tejun = new ArrayList<>();
        List<List<Double>> jup = new ArrayList<>();
        List<List<Double>> blockRatios = new ArrayList<>();
        List<NotebookClient> clients = new ArrayList<>();
        for (Pair p : PAIRS) {
            NotebookClient c = NotebookClient.connect(s, p.tejunRunbook());
            clients.add(c);
            // Warm means the server's JIT has compiled its hot paths, javac's included (JShell compiles each cell
            // inside the server): a server that has run a few hundred cells. The kernel gets the same.
            for (int i = 0; i < warmUp; i++) {
                tejunOnce(c, p);
            }
            j.roundTrips(p.jupyterCode(), Math.max(20, warmUp / 4));
            tejun.add(new ArrayList<>());
            jup.add(new ArrayList<>());
            blockRatios.add(new ArrayList<>());
        }
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < PAIRS.size(); k++) {
                List<Double> t = new ArrayList<>();
                List<Double> jj;
                if (b % 2 == 0) {
                    for (int i = 0; i < perBlock; i++) {
                        t.add(tejunOnce(clients.get(k), PAIRS.get(k)));
                    }
                    jj = j.roundTrips(PAIRS.get(k).jupyterCode(), perBlock);
                } else {
                    jj = j.roundTrips(PAIRS.get(k).jupyterCode(), perBlock);
                    for (int i = 0; i < perBlock; i++) {
                        t.add(tejunOnce(clients.get(k), PAIRS.get(k)));
                    }
                }
                tejun.get(k).addAll(t);
                jup.get(k).addAll(jj);
                blockRatios.get(k).add(Stats.of(t).p50() / Stats.of(jj).p50());
            }
        }
        clients.forEach(NotebookClient::close);

        List<String> md = new ArrayList<>();
        md.add("## Cell round trip, side by side with ipykernel");
        md.add("");
        md.add("Tejun: `execute` sent on the WebSocket → `cell-finished` received. ipykernel: `execute_request` sent → "
                + "`execute_reply` and iopub `idle` received (jupyter_client, no Jupyter server in between, which only "
                + "adds a hop). " + blocks + " blocks of " + perBlock + " per side, alternating, after " + warmUp
                + " warm-up cells each. Milliseconds. `1+1` runs the same cell again and again, as a notebook user "
                + "re-runs a cell: Tejun runs the class JShell compiled the first time again (kernel `Reruns`). "
                + "`1+N` changes the text at every run (a parameter in the cell, a new number in the Python), so "
                + "JShell compiles every run with javac: the cost of a cell just written or edited.");
        md.add("");
        md.add("| side | cell " + Stats.HEADER);
        md.add("|---|---|---|---|---|---|---|");
        for (int k = 0; k < PAIRS.size(); k++) {
            Pair p = PAIRS.get(k);
            md.add("| Tejun | " + p.label() + " | " + Stats.of(tejun.get(k)).cells(1) + " |");
            md.add("| ipykernel | " + p.jupyterLabel() + " | " + Stats.of(jup.get(k)).cells(1) + " |");
        }
        md.add("");
        md.add("| ratio Tejun / ipykernel | p50 | p90 | p99 | p50 ratio per block (median, min–max) | goal |");
        md.add("|---|---|---|---|---|---|");
        for (int k = 0; k < PAIRS.size(); k++) {
            Stats t = Stats.of(tejun.get(k));
            Stats jj = Stats.of(jup.get(k));
            Stats r = Stats.of(blockRatios.get(k));
            md.add("| " + PAIRS.get(k).label() + " vs " + PAIRS.get(k).jupyterLabel() + " | " + Stats.ratio(t.p50(), jj.p50())
                    + " | " + Stats.ratio(t.p90(), jj.p90()) + " | " + Stats.ratio(t.p99(), jj.p99()) + " | "
                    + String.format("%.2f (%.2f–%.2f)", r.p50(), r.min(), r.max()) + " | <= 1.00 at p50 |");
            summary.versus("round trip " + PAIRS.get(k).label() + " vs ipykernel " + PAIRS.get(k).jupyterLabel() + ", p50 (ms)",
                    t.p50(), jj.p50(), "ratio <= 1");
        }
        md.add("");
        return md;
    }
}
