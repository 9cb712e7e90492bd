package dev.tejun.server.evidence;

import dev.tejun.kernel.evidence.EvidenceVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code tejun evidence verify [RUN-ID]}: checks files and chain; exit 1 with each problem named. */
public final class EvidenceVerifyCommand {

    private EvidenceVerifyCommand() {
    }

    public static int run(Path evidenceRoot, String runId, PrintStream out, PrintStream err) throws IOException {
        EvidenceVerifier.Result r = runId == null ? EvidenceVerifier.verifyAll(evidenceRoot)
                : EvidenceVerifier.verifyRun(evidenceRoot, runId);
        if (r.ok()) {
            out.println("evidence intact: " + r.runsChecked() + (r.runsChecked() == 1 ? " run" : " runs")
                    + " checked, chain unbroken");
            return 0;
        }
        r.problems().forEach(p -> err.println("evidence changed: " + p));
        return 1;
    }
}
