package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The keyed half of evidence verification: each run's {@code manifest.mac} against the {@link ProofKey}, and the
 * chain head's MAC, which fixes the run keying began after. A run after that point without a valid MAC is a
 * forgery; one before it is reported as not keyed.
 */
final class ManifestMacs {

    private static final String HEAD = "evidence/" + Manifest.CHAIN;

    private ManifestMacs() {}

    /**
     * Checks every run of the chain, {@code runs} as {@link EvidenceVerifier} read them (nothing is read again);
     * answers the note on runs from before keying, or null.
     */
    static String check(Path root, ProofKey key, Map<String, SealedRun> runs, List<String> problems) {
        Function<String, String> previous = id -> {
            SealedRun run = runs.get(id);
            return run == null ? null : run.previousId();
        };
        Optional<KeyedHead> head = head(root, problems);
        if (head.isEmpty()) {
            return null;
        }
        String headProblem = key.problem(head.get(), ProofKey.EVIDENCE, HEAD);
        if (headProblem != null && head.get().keyed() && !head.get().keyId().equals(key.id())) {
            problems.add(headProblem); // another key: every MAC would differ, so say only that
            return null;
        }
        List<String> chain = chain(previous, head.get().id()); // newest first
        Set<String> legacy;
        if (headProblem == null) {
            legacy = after(previous, head.get().after());
        } else {
            // The head's word on when keying began cannot be trusted: runs older than the oldest validly keyed one
            // may be from before keys, none newer.
            legacy = new HashSet<>();
            for (String runId : chain.reversed()) {
                if (macOk(runs.get(runId))) {
                    break;
                }
                legacy.add(runId);
            }
        }
        int notKeyed = 0;
        for (String runId : chain.reversed()) {
            SealedRun run = runs.get(runId);
            if (run == null) {
                continue; // reported by the chain check
            }
            if (!checkRun(run, legacy, problems)) {
                notKeyed++;
            }
        }
        if (headProblem != null) {
            problems.add(headProblem);
        }
        return notKeyed == 0
                ? null
                : notKeyed + (notKeyed == 1 ? " run" : " runs") + " not keyed (before KEYED-SINCE: sealed before "
                        + ProofKey.FILE + " existed)";
    }

    /** Checks one run's MAC, {@code run} as read; answers the note if it is from before keying, or null. */
    static String checkOne(Path root, ProofKey key, SealedRun run, List<String> problems) {
        Optional<KeyedHead> head = head(root, problems);
        if (head.isEmpty()) {
            return null;
        }
        String headProblem = key.problem(head.get(), ProofKey.EVIDENCE, HEAD);
        if (headProblem != null) {
            problems.add(headProblem);
        }
        Set<String> legacy = headProblem == null
                ? after(id -> previousOnDisk(root, id), head.get().after())
                : Set.of();
        return checkRun(run, legacy, problems)
                ? null
                : run.runId() + " not keyed (before KEYED-SINCE: sealed before " + ProofKey.FILE + " existed)";
    }

    /** False when the run has no MAC and may lack one; a missing MAC where one is due, or a wrong one, is a problem. */
    private static boolean checkRun(SealedRun run, Set<String> legacy, List<String> problems) {
        if (run.mac() == null) {
            if (legacy.contains(run.runId())) {
                return false;
            }
            problems.add(run.runId() + ": not keyed (" + Manifest.MAC + " missing) although keying began before it");
        } else if (!macOk(run)) {
            problems.add(run.runId() + ": " + Manifest.MAC + " does not match: the run was changed and rehashed "
                    + "without the key");
        }
        return true;
    }

    private static boolean macOk(SealedRun run) {
        return run != null && run.macOk();
    }

    private static Optional<KeyedHead> head(Path root, List<String> problems) {
        try {
            return KeyedHead.read(root.resolve(Manifest.CHAIN));
        } catch (IOException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** The run ids of the chain from {@code newest} back through each run's link to the one before it. */
    private static List<String> chain(Function<String, String> previous, String newest) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String runId = newest;
        while (runId != null && RunIds.isRunId(runId) && seen.add(runId)) {
            out.add(runId);
            runId = previous.apply(runId); // null where the chain breaks: reported by the chain check
        }
        return out;
    }

    /** The run before {@code runId} as its manifest on disk says, or null. */
    private static String previousOnDisk(Path root, String runId) {
        try {
            Manifest.Link previous = Manifest.read(root.resolve(runId)).previous();
            return previous == null ? null : previous.runId();
        } catch (IOException gone) {
            return null;
        }
    }

    /** {@code after} and every run before it in the chain: the runs sealed before keying began. */
    private static Set<String> after(Function<String, String> previous, String after) {
        return "-".equals(after) ? Set.of() : new HashSet<>(chain(previous, after));
    }
}
