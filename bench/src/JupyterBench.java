import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.jupyter.JupyterExecutorFactory;
import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.notebook.NotebookImport;
import dev.tejun.kernel.runbook.Attributes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * Issue 21's figures. Tejun: {@code execute} of a `python` cell `1+1` on the Jupyter executor (HMAC-signed
 * execute_request over JeroMQ, outputs mapped to Tejun's output events) until the cell's outcome, the kernel in the
 * cell sandbox as a session has it. ipykernel: the same code through jupyter_client, execute_request → execute_reply
 * and iopub idle. Blocks alternate and swap which side goes first, so load from elsewhere falls on both. Then the
 * import of the LC4RI notebooks (read, converted, parsed back), cold and warm.
 */
public class JupyterBench {

    private static final Output DISCARD = new Output() {
        @Override
        public void write(Stream stream, String host, byte[] data, int offset, int length) {}

        @Override
        public void result(String mime, String data) {}
    };

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int blocks = Integer.parseInt(args[1]);
        int perBlock = Integer.parseInt(args[2]);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Path data = Files.createTempDirectory("tejun-jupyter-bench-");
        Path work = Files.createDirectories(data.resolve("work").resolve("bench"));
        List<Double> tejun = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> firstCell = new ArrayList<>();
        try (Executor executor = JupyterExecutorFactory.python().create(new SessionContext("bench", work, data));
                Jupyter jupyter = Jupyter.start(repo, data.resolve("driver.log"))) {
            firstCell.add(once(executor)); // starts the kernel
            for (int i = 0; i < 200; i++) {
                once(executor);
            }
            jupyter.roundTrips("1+1", 200);
            for (int b = 0; b < blocks; b++) {
                if (b % 2 == 0) {
                    for (int i = 0; i < perBlock; i++) {
                        tejun.add(once(executor));
                    }
                    direct.addAll(jupyter.roundTrips("1+1", perBlock));
                } else {
                    direct.addAll(jupyter.roundTrips("1+1", perBlock));
                    for (int i = 0; i < perBlock; i++) {
                        tejun.add(once(executor));
                    }
                }
            }
        }
        List<Path> notebooks = corpus(repo);
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : notebooks) {
            bytes.add(Files.readAllBytes(p));
        }
        List<Double> imports = new ArrayList<>();
        for (int round = 0; round < 11; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < notebooks.size(); i++) {
                NotebookImport.of(bytes.get(i), notebooks.get(i).getFileName().toString());
            }
            imports.add((System.nanoTime() - t0) / 1e6);
        }
        double coldImport = imports.removeFirst();
        List<Double> commits = commitOnSave(data.resolve("repo"), 40);

        Stats t = Stats.of(tejun);
        Stats d = Stats.of(direct);
        List<String> md = new ArrayList<>();
        md.add("# Jupyter kernels and notebooks (issue 21)");
        md.add("");
        md.add("Run " + LocalDate.now() + " with `bench/jupyter " + blocks + " " + perBlock + "`; load average before: "
                + loadBefore + ". Milliseconds.");
        md.add("");
        md.add("## `python` cell `1+1` round trip, side by side with ipykernel");
        md.add("");
        md.add("Tejun: the Jupyter executor's `execute` of the cell (HMAC-signed `execute_request` over JeroMQ, "
                + "`execute_reply` and iopub `idle` awaited, outputs mapped to Tejun's output events), the kernel "
                + "(Debian's ipykernel) in the cell sandbox. ipykernel: the same `1+1` through jupyter_client "
                + "(bench/jupyter_driver.py), unsandboxed. " + blocks + " alternating blocks of " + perBlock
                + " per side after 200 warm-up cells each. The WebSocket and session hops every language shares are "
                + "in bench/RESULTS.md's round trips.");
        md.add("");
        md.add("| side " + Stats.HEADER);
        md.add("|---|---|---|---|---|---|");
        md.add("| Tejun `python` | " + t.cells(2) + " |");
        md.add("| ipykernel direct | " + d.cells(2) + " |");
        md.add("");
        md.add(String.format("Tejun adds %.2f ms at p50 (goal: at most 3 ms). First cell of a session, kernel start "
                + "included: %.0f ms.", t.p50() - d.p50(), firstCell.getFirst()));
        md.add("");
        md.add("## Import of the " + notebooks.size() + " LC4RI corpus notebooks");
        md.add("");
        md.add(String.format("All %d notebooks read from memory, converted and parsed back as runbooks: %.0f ms "
                + "the first time (a cold JVM), then %s over 10 rounds (goal: at most 1 s for all).",
                notebooks.size(), coldImport, Stats.of(imports).cells(1).replace(" | ", " / ")));
        md.add("(n / median / p90 / p99 / spread)");
        md.add("");
        md.add("## Commit on save");
        md.add("");
        md.add("What a save adds when the runbooks folder is a Git work tree: `GitSaves.commit` of a changed runbook "
                + "(the branch's tree with one blob replaced, a commit, the ref moved and the one index entry updated, JGit) in a repository of 20 runbooks, "
                + "after the file was written. Goal: at most 50 ms.");
        md.add("");
        md.add("| " + Stats.HEADER.substring(2));
        md.add("|---|---|---|---|---|");
        md.add("| " + Stats.of(commits).cells(1) + " |");
        Files.writeString(repo.resolve("bench/RESULTS-jupyter.md"), String.join("\n", md) + "\n");
        System.out.println(String.join("\n", md));
    }

    /** {@code n} saves of one runbook, each changed, committed; the first few warm JGit up and are not counted. */
    private static List<Double> commitOnSave(Path repo, int n) throws Exception {
        Files.createDirectories(repo);
        for (int i = 0; i < 20; i++) {
            Files.writeString(repo.resolve("rb" + i + ".md"), "# Runbook " + i + "\n\n```sh\ntrue\n```\n");
        }
        run(repo, "git", "init", "-q", "-b", "main");
        run(repo, "git", "add", ".");
        run(repo, "git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-q", "-m", "start");
        GitSaves git = new GitSaves(repo, GitSaves.Policy.currentBranch());
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n + 5; i++) {
            Path file = Files.writeString(repo.resolve("rb0.md"), "# Runbook 0\n\n```sh\necho " + i + "\n```\n");
            long t0 = System.nanoTime();
            git.commit(file, "bench", "save " + i).orElseThrow();
            if (i >= 5) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return ms;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double once(Executor executor) {
        long t0 = System.nanoTime();
        CellOutcome outcome = executor.execute(
                new CellRequest("r", "c", "python", "1+1", Attributes.NONE, Path.of("."), null, Map.of()), DISCARD);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (outcome.status() != CellStatus.OK || !"2".equals(outcome.value())) {
            throw new IllegalStateException("1+1 gave " + outcome);
        }
        return ms;
    }

    private static List<Path> corpus(Path repo) throws Exception {
        for (Path p = repo.toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/corpus/lc4ri-notebooks");
            if (Files.isDirectory(c)) {
                try (java.util.stream.Stream<Path> files = Files.list(c)) {
                    return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
                }
            }
        }
        throw new IllegalStateException("no shared/corpus/lc4ri-notebooks above " + repo);
    }
}
