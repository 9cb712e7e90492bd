package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.ChunkEntry;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.server.ws.WireEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A finished run's events rebuilt from its evidence, for runs no longer in memory (older ones, or ones a schedule
 * or a notebook started): cell by cell, the output chunks in the order {@code chunks.jsonl} recorded them, so
 * stdout and stderr stay apart and interleaved as they came, then the cell's results (tables, images, a kernel's displays)
 * as {@code result.json} kept them. Seq numbers are those of the rebuilt list.
 */
final class EvidenceReplay {

    private final RunEvidence evidence;

    /** {@code json} is not needed any more (the evidence records read themselves); kept for the caller's sake. */
    EvidenceReplay(RunEvidence evidence, ObjectMapper json) {
        this.evidence = evidence;
    }

    /** Throws a 404 {@code ApiException} when there is no such run. */
    RunPage page(String runId, long since) throws IOException {
        Path runDir = evidence.runJson(runId).getParent();
        RunJson run = EvidenceLayout.readRun(runDir);
        if (!run.finished()) {
            return new RunPage(runId, run.runbook(), List.of(), since, false, null);
        }
        List<WireEvent> all = events(runDir, run);
        List<WireEvent> after = all.stream().filter(e -> e.seq() > since).toList();
        return new RunPage(runId, run.runbook(), after, Math.max(since, all.size()), true, lower(run.status()));
    }

    private List<WireEvent> events(Path dir, RunJson run) throws IOException {
        String runId = run.runId();
        List<WireEvent> out = new ArrayList<>();
        List<String> cellIds =
                run.cells().stream().map(RunJson.CellEntry::cellId).toList();
        out.add(new WireEvent.RunStarted(1, run.startedAt(), runId, run.runbook(), cellIds, run.user()));
        for (RunJson.CellEntry cell : run.cells()) {
            Optional<Path> cellDir = EvidenceLayout.cellDir(dir, cell);
            if (cellDir.isEmpty()) {
                continue; // run.json names only its own folders; anything else is not followed
            }
            Optional<ResultJson> result = EvidenceLayout.readResult(cellDir.get());
            String cellId = cell.cellId();
            String status = lower(cell.status());
            if (!"skipped".equals(status) && !"frozen".equals(status)) { // neither started
                out.add(new WireEvent.CellStarted(
                        out.size() + 1,
                        result.map(ResultJson::startedAt).orElse(null),
                        runId,
                        cellId,
                        result.map(ResultJson::language).orElse(null),
                        null));
                output(cellDir.get(), runId, cellId, out);
                // the cell's results (a table, an image, a kernel's display) as they were sent live, after its output
                for (ResultJson.Result r : result.map(ResultJson::results).orElse(List.of())) {
                    out.add(new WireEvent.CellResult(
                            out.size() + 1,
                            result.map(ResultJson::finishedAt).orElse(null),
                            runId,
                            cellId,
                            r.mime(),
                            r.data()));
                }
            }
            out.add(new WireEvent.CellFinished(
                    out.size() + 1,
                    result.map(ResultJson::finishedAt).orElse(null),
                    runId,
                    cellId,
                    lower(cell.status()),
                    cell.exitCode(),
                    cell.durationMillis() == null ? 0 : cell.durationMillis(),
                    result.map(ResultJson::message).orElse(null)));
        }
        out.add(new WireEvent.RunFinished(
                out.size() + 1, run.finishedAt(), runId, lower(run.status()), dir.toString(), null));
        return out;
    }

    /** The cell's output chunks as recorded, each read back from its stream file at its offset. */
    private void output(Path cellDir, String runId, String cellId, List<WireEvent> out) throws IOException {
        for (ChunkEntry c : EvidenceLayout.readChunks(cellDir)) {
            Path file = cellDir.resolve(c.file()).normalize();
            if (!file.startsWith(cellDir) || !Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = new byte[(int) Math.min(c.n(), 1 << 20)];
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.seek(c.o());
                raf.readFully(bytes);
            }
            out.add(new WireEvent.CellOutput(
                    out.size() + 1, c.t(), runId, cellId, c.s(), c.h(), new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static String lower(String status) {
        return status == null ? null : status.toLowerCase(Locale.ROOT);
    }
}
