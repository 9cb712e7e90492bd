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
        List<HeadExport.Head> exported = List.of();
        if (against != null) {
            try {
                exported = HeadExport.read(against, ProofKey.EVIDENCE);
            } catch (IOException e) {
                err.println("tejun evidence verify: cannot read " + against + ": " + e.getMessage());
                return 2;
            }
        }
        EvidenceVerifier.Result r = runId == null
                ? EvidenceVerifier.verifyAll(evidenceRoot)
                : EvidenceVerifier.verifyRun(evidenceRoot, runId);
        List<String> problems = new ArrayList<>(r.problems());
        if (!exported.isEmpty()) {
            try {
                problems.addAll(EvidenceVerifier.compareWithExport(evidenceRoot, exported));
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            out.println("evidence intact: " + r.runsChecked() + (r.runsChecked() == 1 ? " run" : " runs")
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
        problems.forEach(p -> err.println("evidence changed: " + p));
        return 1;
    }
}
