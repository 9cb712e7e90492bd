package dev.tejun.kernel.retention;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.GitInfo;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sealed runs made fast for retention tests: each one cell with {@code bytes} of output on stdout, one minute after
 * the run before it (ids sort by start, and never collide within a second).
 */
public final class SyntheticRuns {

    private final EvidenceStore store;
    private final FakeClock clock;

    public SyntheticRuns(Path evidenceRoot, Instant start) {
        this.clock = new FakeClock(start);
        this.store = new EvidenceStore(evidenceRoot, clock);
    }

    public FakeClock clock() {
        return clock;
    }

    /** {@code count} runs of {@code runbook}, oldest first. */
    public List<String> record(String runbook, int count, int bytes) {
        List<String> ids = new ArrayList<>();
        byte[] out = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofMinutes(1));
            String runId = store.newRunId();
            Instant now = clock.instant();
            try (RunRecorder r = store.begin(new RunInfo(
                    runId,
                    runbook,
                    "```sh {#a}\necho x\n```\n".getBytes(StandardCharsets.UTF_8),
                    GitInfo.NONE,
                    Map.of("n", String.valueOf(i)),
                    "alice",
                    "cli",
                    now))) {
                r.cellStarted(new CellStarted(1, now, runId, "a", "sh", "echo x\n"));
                r.output("a", Stream.STDOUT, null, out, 0, out.length);
                r.cellFinished(new CellFinished(2, now, runId, "a", CellStatus.OK, 0, 3, null));
                r.finish(CellStatus.OK);
            }
            ids.add(runId);
        }
        return ids;
    }
}
