package dev.tejun.kernel.evidence;

import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keyed half of evidence verification: each run's {@code manifest.mac} against the {@link ProofKey}, and the
 * chain head's MAC, which fixes the run keying began after. A run after that point without a valid MAC is a
 * forgery; one before it is reported as not keyed.
 */
final class ManifestMacs {

    private static final String HEAD = "evidence/" + Manifest.CHAIN;

    private ManifestMacs() {}

    /** Checks every run of the chain; answers the note on runs from before keying, or null. */
    static String check(Path root, ProofKey key, Map<String, String> manifestHash, List<String> problems)
            throws IOException {
        Optional<KeyedHead> head = head(root, problems);
        if (head.isEmpty()) {
            return null;
        }
        String headProblem = key.problem(head.get(), ProofKey.EVIDENCE, HEAD);
        if (headProblem != null && head.get().keyed() && !head.get().keyId().equals(key.id())) {
            problems.add(headProblem); // another key: every MAC would differ, so say only that
            return null;
        }
        List<String> chain = chain(root, head.get().id()); // newest first
        Set<String> legacy;
        if (headProblem == null) {
            legacy = after(root, head.get().after());
        } else {
            // The head's word on when keying began cannot be trusted: runs older than the oldest validly keyed one
            // may be from before keys, none newer.
            legacy = new HashSet<>();
            for (String runId : chain.reversed()) {
                if (macOk(root, key, runId, manifestHash.get(runId))) {
                    break;
                }
                legacy.add(runId);
            }
        }
        int notKeyed = 0;
        for (String runId : chain.reversed()) {
            String hash = manifestHash.get(runId);
            if (hash == null) {
                continue; // reported by the chain check
            }
            if (!checkRun(root, key, runId, hash, legacy, problems)) {
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

    /** Checks one run's MAC; answers the note if it is from before keying, or null. */
    static String checkOne(Path root, ProofKey key, String runId, String hash, List<String> problems)
            throws IOException {
        Optional<KeyedHead> head = head(root, problems);
        if (head.isEmpty()) {
            return null;
        }
        String headProblem = key.problem(head.get(), ProofKey.EVIDENCE, HEAD);
        if (headProblem != null) {
            problems.add(headProblem);
        }
        Set<String> legacy = headProblem == null ? after(root, head.get().after()) : Set.of();
        return checkRun(root, key, runId, hash, legacy, problems)
                ? null
                : runId + " not keyed (before KEYED-SINCE: sealed before " + ProofKey.FILE + " existed)";
    }

    /** False when the run has no MAC and may lack one; a missing MAC where one is due, or a wrong one, is a problem. */
    private static boolean checkRun(
            Path root, ProofKey key, String runId, String hash, Set<String> legacy, List<String> problems)
            throws IOException {
        Path macFile = root.resolve(runId).resolve(Manifest.MAC);
        if (!Files.isRegularFile(macFile)) {
            if (legacy.contains(runId)) {
                return false;
            }
            problems.add(runId + ": not keyed (" + Manifest.MAC + " missing) although keying began before it");
        } else if (!macOk(root, key, runId, hash)) {
            problems.add(runId + ": " + Manifest.MAC + " does not match: the run was changed and rehashed without "
                    + "the key");
        }
        return true;
    }

    private static boolean macOk(Path root, ProofKey key, String runId, String hash) {
        Path macFile = root.resolve(runId).resolve(Manifest.MAC);
        try {
            return hash != null
                    && Files.isRegularFile(macFile)
                    && key.matches(Files.readString(macFile).strip(), ProofKey.EVIDENCE, runId, hash);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static Optional<KeyedHead> head(Path root, List<String> problems) {
        try {
            return KeyedHead.read(root.resolve(Manifest.CHAIN));
        } catch (IOException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** The run ids of the chain from {@code newest} back through each manifest's {@code previous}. */
    private static List<String> chain(Path root, String newest) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String runId = newest;
        while (runId != null && EvidenceVerifier.RUN_ID.matcher(runId).matches() && seen.add(runId)) {
            out.add(runId);
            try {
                Manifest.Link previous = Manifest.read(root.resolve(runId)).previous();
                runId = previous == null ? null : previous.runId();
            } catch (IOException gone) {
                runId = null; // reported by the chain check
            }
        }
        return out;
    }

    /** {@code after} and every run before it in the chain: the runs sealed before keying began. */
    private static Set<String> after(Path root, String after) {
        return "-".equals(after) ? Set.of() : new HashSet<>(chain(root, after));
    }
}
