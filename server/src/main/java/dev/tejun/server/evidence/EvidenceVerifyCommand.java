package dev.tejun.server.evidence;

import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun evidence verify [RUN-ID] [--against FILE]}: checks files, chain and MACs (with the data folder's
 * {@code proof.key}), and with {@code --against} that every head an export sink received is still there; exit 1
 * with each problem named.
 */
public final class EvidenceVerifyCommand {

    private EvidenceVerifyCommand() {}

    /** {@code runId} and {@code against} may be null. */
    public static int run(Path evidenceRoot, String runId, Path against, PrintStream out, PrintStream err)
            throws IOException {
        List<HeadExport.Head> exported = exported(against, err);
        if (exported == null) {
            return 2;
        }
        EvidenceVerifier.Result r = runId == null
                ? EvidenceVerifier.verifyAll(evidenceRoot)
                : EvidenceVerifier.verifyRun(evidenceRoot, runId);
        return report(
                r,
                evidenceRoot,
                exported,
                () -> ProofKey.load(evidenceRoot.toAbsolutePath().getParent()),
                "",
                out,
                err);
    }

    /**
     * With an evidence folder the servers of a cluster share ({@link EvidenceFolders}): each server's folder in it,
     * its own chain, checked with the data folder's key (the cluster's one); a run id is looked for in each. Exit 1
     * when any folder has a problem. Exported heads ({@code --against}, may be null): one sink holds the heads of
     * every server's chain, so each head is checked in the server's folder that holds its run; a head whose run is in
     * none was deleted.
     */
    public static int runShared(Path shared, Path dataDir, String runId, Path against, PrintStream out, PrintStream err)
            throws IOException {
        List<HeadExport.Head> exported = exported(against, err);
        if (exported == null) {
            return 2;
        }
        ProofKey key;
        try {
            key = ProofKey.load(dataDir);
        } catch (IOException e) {
            err.println("evidence changed: " + e.getMessage());
            return 1;
        }
        List<Path> servers;
        try (var dirs = java.nio.file.Files.list(shared)) {
            servers = dirs.filter(java.nio.file.Files::isDirectory).sorted().toList();
        }
        int exit = 0;
        boolean found = false;
        List<HeadExport.Head> unplaced = new ArrayList<>(exported);
        for (Path server : servers) {
            List<HeadExport.Head> here = exported.stream()
                    .filter(h -> java.nio.file.Files.isDirectory(server.resolve(h.id())))
                    .toList();
            unplaced.removeAll(here);
            if (runId != null && !java.nio.file.Files.isDirectory(server.resolve(runId))) {
                continue;
            }
            found = true;
            EvidenceVerifier.Result r = runId == null
                    ? EvidenceVerifier.verifyAll(server, key)
                    : EvidenceVerifier.verifyRun(server, runId, key);
            exit = Math.max(exit, report(r, server, here, () -> key, server.getFileName() + ": ", out, err));
        }
        if (!found) {
            err.println("evidence changed: " + (runId == null ? "no server folder in " + shared : "no run " + runId));
            return 1;
        }
        // a head whose run no server's folder holds: checked in the shared folder itself, where it is missing
        List<String> lost = EvidenceVerifier.compareWithExport(shared, unplaced, key);
        lost.forEach(p -> err.println("evidence changed: " + p));
        return lost.isEmpty() ? exit : 1;
    }

    /** The evidence heads {@code against} holds (none when null); null, said on {@code err}, when unreadable. */
    private static List<HeadExport.Head> exported(Path against, PrintStream err) {
        if (against == null) {
            return List.of();
        }
        try {
            return HeadExport.read(against, ProofKey.EVIDENCE);
        } catch (IOException e) {
            err.println("tejun evidence verify: cannot read " + against + ": " + e.getMessage());
            return null;
        }
    }

    /** The key exported heads are checked with, read only when there are some. */
    private interface KeySource {
        ProofKey get() throws IOException;
    }

    private static int report(
            EvidenceVerifier.Result r,
            Path evidenceRoot,
            List<HeadExport.Head> exported,
            KeySource key,
            String server,
            PrintStream out,
            PrintStream err) {
        List<String> problems = new ArrayList<>(r.problems());
        if (!exported.isEmpty()) {
            try {
                problems.addAll(EvidenceVerifier.compareWithExport(evidenceRoot, exported, key.get()));
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            out.println(server + "evidence intact: " + r.runsChecked() + (r.runsChecked() == 1 ? " run" : " runs")
                    + " checked, chain unbroken, keyed"
                    + (exported.isEmpty() ? "" : "; all " + exported.size() + " exported heads present"));
            if (r.notKeyed() != null) {
                out.println("  " + r.notKeyed());
            }
            if (!r.pruned().isEmpty()) {
                // pruned is not tampered: the output went by policy, under a mark only the proof key could make
                out.println("  " + r.pruned().size() + (r.pruned().size() == 1 ? " run" : " runs")
                        + " pruned by retention (output removed; manifest, chain link and pruned.json MAC intact)");
            }
            return 0;
        }
        problems.forEach(p -> err.println("evidence changed: " + server + p));
        return 1;
    }
}
