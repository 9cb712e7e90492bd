package dev.tejun.server.evidence;

import dev.tejun.kernel.compare.RunComparison;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code tejun evidence compare RUN-A RUN-B}: params, commit, each cell's status and duration and the diff of its
 * output (per host for fan-out cells), from the two runs' evidence; exit 1 naming an unknown run.
 */
public final class EvidenceCompareCommand {

    private EvidenceCompareCommand() {}

    public static int run(Path evidenceRoot, String a, String b, PrintStream out, PrintStream err) throws IOException {
        try {
            out.print(RunComparison.of(evidenceRoot, a, b).text());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tejun evidence compare: " + e.getMessage());
            return 1;
        }
    }
}
