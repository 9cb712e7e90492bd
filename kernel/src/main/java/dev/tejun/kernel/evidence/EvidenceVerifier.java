package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks evidence against its manifests: every listed file still has its hash, no file was added or removed, each
 * manifest still has the hash the next run (or the chain head) recorded for it, and no run of the chain is
 * missing, and every run sealed since keying began has a {@code manifest.mac} that the data folder's
 * {@link ProofKey} confirms. Each problem names the run and the file.
 */
public final class EvidenceVerifier {

    /**
     * What verification found; {@code problems} is empty when everything matches. {@code notKeyed} says which
     * runs were sealed before keying began (null when none); {@code pruned} names the runs whose output retention
     * removed under a genuine {@link PrunedMark} (their manifests, links and remaining files were checked).
     */
    public record Result(int runsChecked, List<String> problems, String notKeyed, List<String> pruned) {
        public Result {
            pruned = pruned == null ? List.of() : List.copyOf(pruned);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private EvidenceVerifier() {}

    /** Checks every run under {@code root} and the whole chain from its head, with the key of the folder above. */
    public static Result verifyAll(Path root) throws IOException {
        ProofKey key;
        try {
            key = ProofKey.load(root.toAbsolutePath().getParent());
        } catch (IOException e) {
            return new Result(0, List.of(e.getMessage()), null, List.of());
        }
        return verifyAll(root, key);
    }

    /**
     * As {@link #verifyAll(Path)} with {@code key}: for a server's folder in an evidence folder the servers of a
     * cluster share, which holds no key (each data folder has the cluster's one).
     */
    public static Result verifyAll(Path root, ProofKey key) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, SealedRun> runs = new LinkedHashMap<>();
        List<String> pruned = new ArrayList<>();
        for (SealedRun run : checkRuns(root, key)) {
            problems.addAll(run.problems());
            if (run.pruned()) {
                pruned.add(run.runId());
            }
            runs.put(run.runId(), run);
        }
        checkChain(root, runs, problems);
        String notKeyed = ManifestMacs.check(root, key, runs, problems);
        return new Result(runs.size(), problems, notKeyed, pruned);
    }

    /**
     * Reads and checks every sealed run under {@code root}, several runs at once (reading and hashing is most of a
     * verify, and a run's files are independent of the others'), each file once; the answers come in run order, so
     * the problems read the same on every verify. Runs without a manifest (still running, or from before manifests)
     * are left out.
     */
    private static List<SealedRun> checkRuns(Path root, ProofKey key) throws IOException {
        List<SealedRun> out = new ArrayList<>();
        for (SealedRun run : RunsInParallel.map(runIds(root), runId -> SealedRun.read(root.resolve(runId), key))) {
            if (run != null) {
                out.add(run);
            }
        }
        return out;
    }

    /**
     * Compares the evidence with heads exported earlier ({@link HeadExport}): each must still be there with the
     * same manifest, and carry a MAC of {@code key}. Catches the whole folder, or its newest runs, deleted.
     */
    public static List<String> compareWithExport(Path root, List<HeadExport.Head> heads, ProofKey key)
            throws IOException {
        List<String> problems = new ArrayList<>();
        for (HeadExport.Head h : heads) {
            Path manifest = root.resolve(h.id()).resolve(Manifest.FILE);
            if (!key.matches(h.mac(), ProofKey.EVIDENCE, h.id(), h.hash())) {
                problems.add(h.id() + ": the exported head does not carry a MAC of this " + ProofKey.FILE);
            } else if (!RunIds.isRunId(h.id()) || !Files.isRegularFile(manifest)) {
                problems.add(h.id() + ": exported at " + h.at() + " but missing here: the evidence was deleted");
            } else if (!Manifest.sha256(manifest).equals(h.hash())) {
                problems.add(h.id() + ": " + Manifest.FILE + " is not the one exported at " + h.at());
            }
        }
        return problems;
    }

    /** Checks one run's files, its link to the run before, and the link of the run after it (if any) to it. */
    public static Result verifyRun(Path root, String runId) throws IOException {
        ProofKey key;
        try {
            key = ProofKey.load(root.toAbsolutePath().getParent());
        } catch (IOException e) {
            return new Result(1, List.of(e.getMessage()), null, List.of());
        }
        return verifyRun(root, runId, key);
    }

    /** As {@link #verifyRun(Path, String)} with {@code key} (a server's folder in a shared evidence folder). */
    public static Result verifyRun(Path root, String runId, ProofKey key) throws IOException {
        List<String> problems = new ArrayList<>();
        Path dir = root.resolve(runId);
        if (!RunIds.isRunId(runId) || !Files.isDirectory(dir)) {
            return new Result(0, List.of("no run " + runId), null, List.of());
        }
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            return new Result(1, List.of(runId + ": " + Manifest.FILE + " is missing"), null, List.of());
        }
        SealedRun run = SealedRun.read(dir, key);
        if (run == null) {
            return new Result(1, List.of(runId + ": " + Manifest.FILE + " is missing"), null, List.of());
        }
        problems.addAll(run.problems());
        boolean pruned = run.pruned();
        String own = run.manifestHash();
        if (run.previousId() != null) {
            checkLink(root, runId, run.previousId(), String.valueOf(run.previousHash()), problems);
        }
        Optional<Manifest.Link> head = Manifest.head(root);
        boolean linked = head.isPresent()
                && head.get().runId().equals(runId)
                && head.get().sha256().equals(own);
        for (String other : runIds(root)) {
            Path m = root.resolve(other).resolve(Manifest.FILE);
            if (!linked && Files.isRegularFile(m)) {
                Manifest.Link p = Manifest.read(root.resolve(other)).previous();
                if (p != null && runId.equals(p.runId())) {
                    linked = true;
                    if (!own.equals(p.sha256())) {
                        problems.add(runId + ": " + Manifest.FILE + " was changed (run " + other
                                + " recorded another hash for it)");
                    }
                }
            }
        }
        if (!linked) {
            problems.add(runId + ": not in the chain (neither the head nor followed by a later run)");
        }
        String notKeyed = ManifestMacs.checkOne(root, key, run, problems);
        return new Result(1, problems, notKeyed, pruned ? List.of(runId) : List.of());
    }

    private static void checkLink(Path root, String runId, String prevId, String prevHash, List<String> problems)
            throws IOException {
        Path prev = root.resolve(prevId).resolve(Manifest.FILE);
        if (!RunIds.isRunId(prevId) || !Files.isRegularFile(prev)) {
            problems.add(runId + ": the run before it in the chain, " + prevId + ", is missing");
        } else if (!Manifest.sha256(prev).equals(prevHash)) {
            problems.add(prevId + ": " + Manifest.FILE + " was changed (run " + runId + " recorded another hash)");
        }
    }

    /**
     * Follows the chain from its head through each run's link to the one before, with the runs as read: each
     * manifest must have the hash its successor recorded, and every sealed run must be reached.
     */
    private static void checkChain(Path root, Map<String, SealedRun> runs, List<String> problems) throws IOException {
        Optional<Manifest.Link> head = Manifest.head(root);
        if (head.isEmpty()) {
            if (!runs.isEmpty()) {
                problems.add(Manifest.CHAIN + " is missing");
            }
            return;
        }
        Set<String> seen = new HashSet<>();
        String runId = head.get().runId();
        String expected = head.get().sha256();
        String after = Manifest.CHAIN;
        while (runId != null) {
            if (!seen.add(runId)) {
                problems.add(runId + ": the chain loops");
                return;
            }
            SealedRun run = runs.get(runId);
            if (run == null) {
                problems.add(runId + ": the run is missing (" + after + " links to it)");
                return;
            }
            if (!run.manifestHash().equals(expected)) {
                problems.add(runId + ": " + Manifest.FILE + " was changed (" + after + " recorded another hash)");
            }
            after = "run " + runId;
            runId = run.previousId(); // a manifest that cannot be read ends the walk: it is reported already
            expected = String.valueOf(run.previousHash());
        }
        for (String id : runs.keySet()) {
            if (!seen.contains(id)) {
                problems.add(id + ": sealed but not reachable from the chain head");
            }
        }
    }

    /** The ids of the runs under {@code root} (folders named as run ids), oldest first. */
    public static List<String> runIds(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .filter(n -> RunIds.isRunId(n))
                    .sorted()
                    .toList();
        }
    }
}
