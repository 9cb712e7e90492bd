package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks evidence against its manifests: every listed file still has its hash, no file was added or removed, each
 * manifest still has the hash the next run (or the chain head) recorded for it, and no run of the chain is
 * missing, and every run sealed since keying began has a {@code manifest.mac} that the data folder's
 * {@link ProofKey} confirms. Each problem names the run and the file.
 */
public final class EvidenceVerifier {

    static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}");

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

    /** Checks every run under {@code root} and the whole chain from its head. */
    public static Result verifyAll(Path root) throws IOException {
        ProofKey key;
        try {
            key = ProofKey.load(root.toAbsolutePath().getParent());
        } catch (IOException e) {
            return new Result(0, List.of(e.getMessage()), null, List.of());
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> manifestHash = new HashMap<>();
        List<String> pruned = new ArrayList<>();
        int checked = 0;
        for (Checked c : checkRuns(root, key)) {
            checked++;
            problems.addAll(c.problems());
            if (c.pruned()) {
                pruned.add(c.runId());
            }
            manifestHash.put(c.runId(), c.manifestHash());
        }
        checkChain(root, manifestHash, problems);
        String notKeyed = ManifestMacs.check(root, key, manifestHash, problems);
        return new Result(checked, problems, notKeyed, pruned);
    }

    /** One sealed run's files checked: its problems, whether retention pruned it, its manifest's hash. */
    private record Checked(String runId, boolean pruned, String manifestHash, List<String> problems) {}

    /**
     * Checks the files of every sealed run under {@code root}, several runs at once (reading and hashing is most of
     * a verify, and a run's files are independent of the others'); the answers come in run order, so the problems
     * read the same on every verify.
     */
    private static List<Checked> checkRuns(Path root, ProofKey key) throws IOException {
        List<String> sealed = new ArrayList<>();
        for (String runId : runIds(root)) {
            if (Files.isRegularFile(root.resolve(runId).resolve(Manifest.FILE))) {
                sealed.add(runId); // the others are still running, or from before manifests
            }
        }
        return RunsInParallel.map(sealed, runId -> {
            Path dir = root.resolve(runId);
            List<String> problems = new ArrayList<>();
            boolean pruned = checkFiles(dir, key, problems);
            return new Checked(runId, pruned, Manifest.sha256(dir.resolve(Manifest.FILE)), problems);
        });
    }

    /**
     * Compares the evidence with heads exported earlier ({@link HeadExport}): each must still be there with the
     * same manifest, and carry a MAC of this key. Catches the whole folder, or its newest runs, deleted.
     */
    public static List<String> compareWithExport(Path root, List<HeadExport.Head> heads) throws IOException {
        ProofKey key = ProofKey.load(root.toAbsolutePath().getParent());
        List<String> problems = new ArrayList<>();
        for (HeadExport.Head h : heads) {
            Path manifest = root.resolve(h.id()).resolve(Manifest.FILE);
            if (!key.matches(h.mac(), ProofKey.EVIDENCE, h.id(), h.hash())) {
                problems.add(h.id() + ": the exported head does not carry a MAC of this " + ProofKey.FILE);
            } else if (!RUN_ID.matcher(h.id()).matches() || !Files.isRegularFile(manifest)) {
                problems.add(h.id() + ": exported at " + h.at() + " but missing here: the evidence was deleted");
            } else if (!Manifest.sha256(manifest).equals(h.hash())) {
                problems.add(h.id() + ": " + Manifest.FILE + " is not the one exported at " + h.at());
            }
        }
        return problems;
    }

    /** Checks one run's files, its link to the run before, and the link of the run after it (if any) to it. */
    public static Result verifyRun(Path root, String runId) throws IOException {
        List<String> problems = new ArrayList<>();
        Path dir = root.resolve(runId);
        if (!RUN_ID.matcher(runId).matches() || !Files.isDirectory(dir)) {
            return new Result(0, List.of("no run " + runId), null, List.of());
        }
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            return new Result(1, List.of(runId + ": " + Manifest.FILE + " is missing"), null, List.of());
        }
        ProofKey key;
        try {
            key = ProofKey.load(root.toAbsolutePath().getParent());
        } catch (IOException e) {
            return new Result(1, List.of(e.getMessage()), null, List.of());
        }
        boolean pruned = checkFiles(dir, key, problems);
        String own = Manifest.sha256(dir.resolve(Manifest.FILE));
        Manifest.Link previous = Manifest.read(dir).previous();
        if (previous != null) {
            checkLink(root, runId, String.valueOf(previous.runId()), String.valueOf(previous.sha256()), problems);
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
        String notKeyed = ManifestMacs.checkOne(root, key, runId, own, problems);
        return new Result(1, problems, notKeyed, pruned ? List.of(runId) : List.of());
    }

    /**
     * Checks the run's files against its manifest; true when retention pruned it under a genuine mark, so the
     * files the mark lists may be gone (every other file must still be there and match).
     */
    private static boolean checkFiles(Path dir, ProofKey key, List<String> problems) throws IOException {
        String runId = dir.getFileName().toString();
        ManifestJson manifest;
        try {
            manifest = Manifest.read(dir);
        } catch (IOException e) {
            problems.add(runId + ": " + Manifest.FILE + " cannot be read: " + e.getMessage());
            return false;
        }
        Map<String, String> actual = Manifest.hashes(dir);
        Set<String> removed = Set.of();
        boolean pruned = false;
        if (actual.containsKey(PrunedMark.FILE) || actual.containsKey(PrunedMark.MAC)) {
            actual.remove(PrunedMark.FILE);
            actual.remove(PrunedMark.MAC);
            String problem = Files.isRegularFile(dir.resolve(PrunedMark.FILE))
                    ? PrunedMark.problem(dir, key, Manifest.sha256(dir.resolve(Manifest.FILE)))
                    : runId + ": " + PrunedMark.MAC + " without " + PrunedMark.FILE;
            if (problem == null) {
                removed = new HashSet<>(PrunedMark.read(dir).orElseThrow().removed());
                pruned = true;
            } else {
                problems.add(problem);
            }
        }
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            listed.add(e.getKey());
            String now = actual.get(e.getKey());
            if (now == null && removed.contains(e.getKey())) {
                continue; // pruned: the mark names it, and only the key could make the mark
            }
            if (now == null) {
                problems.add(runId + ": " + e.getKey() + " is missing");
            } else if (!now.equals(e.getValue())) {
                problems.add(runId + ": " + e.getKey() + " was changed (sha256 " + now + ", manifest says "
                        + e.getValue() + ")");
            }
        }
        for (String file : actual.keySet()) {
            if (!listed.contains(file)) {
                problems.add(runId + ": " + file + " was added after the run was sealed");
            }
        }
        return pruned;
    }

    private static void checkLink(Path root, String runId, String prevId, String prevHash, List<String> problems)
            throws IOException {
        Path prev = root.resolve(prevId).resolve(Manifest.FILE);
        if (!RUN_ID.matcher(prevId).matches() || !Files.isRegularFile(prev)) {
            problems.add(runId + ": the run before it in the chain, " + prevId + ", is missing");
        } else if (!Manifest.sha256(prev).equals(prevHash)) {
            problems.add(prevId + ": " + Manifest.FILE + " was changed (run " + runId + " recorded another hash)");
        }
    }

    private static void checkChain(Path root, Map<String, String> manifestHash, List<String> problems)
            throws IOException {
        Optional<Manifest.Link> head = Manifest.head(root);
        if (head.isEmpty()) {
            if (!manifestHash.isEmpty()) {
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
            String actual = manifestHash.get(runId);
            if (actual == null) {
                problems.add(runId + ": the run is missing (" + after + " links to it)");
                return;
            }
            if (!actual.equals(expected)) {
                problems.add(runId + ": " + Manifest.FILE + " was changed (" + after + " recorded another hash)");
            }
            Manifest.Link previous = Manifest.read(root.resolve(runId)).previous();
            after = "run " + runId;
            runId = previous == null ? null : String.valueOf(previous.runId());
            expected = previous == null ? "" : String.valueOf(previous.sha256());
        }
        for (String id : manifestHash.keySet()) {
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
                    .filter(n -> RUN_ID.matcher(n).matches())
                    .sorted()
                    .toList();
        }
    }
}
