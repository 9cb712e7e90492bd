package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.ChunkEntry;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.server.ErrorCodes;
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
            List<WireEvent> sofar = sofar(runDir, run);
            List<WireEvent> after = sofar.stream().filter(e -> e.seq() > since).toList();
            return new RunPage(runId, run.runbook(), after, Math.max(since, sofar.size()), false, null);
        }
        List<WireEvent> all = events(runDir, run);
        List<WireEvent> after = all.stream().filter(e -> e.seq() > since).toList();
        return new RunPage(runId, run.runbook(), after, Math.max(since, all.size()), true, lower(run.status()));
    }

    /**
     * What a run another process executes (a server sharing the evidence folder, a {@code tejun run} beside this one)
     * has written so far. Its {@code run.json} lists its cells only at its end, so the cell folders are read in their
     * order: an ended cell (its {@code result.json} written) as {@link #events} gives it from {@code run.json} later
     * (the same values: the recorder writes both from one record), then the cell going on, started, with the output
     * its {@code chunks.jsonl} lists yet (flushed chunk by chunk). Each answer is a beginning of the next and of the
     * finished run's list, so a follower asking {@code since} its last seq misses nothing and sees nothing twice. A
     * file caught half-written gives what came before it.
     */
    private List<WireEvent> sofar(Path dir, RunJson run) {
        List<WireEvent> out = new ArrayList<>();
        String runId = run.runId();
        out.add(new WireEvent.RunStarted(1, run.startedAt(), runId, run.runbook(), List.of(), run.user()));
        Path cells = dir.resolve(EvidenceLayout.CELLS);
        if (!Files.isDirectory(cells)) {
            return out;
        }
        try (var dirs = Files.list(cells)) {
            for (Path cellDir : dirs.filter(Files::isDirectory).sorted().toList()) {
                int before = out.size();
                try {
                    Optional<ResultJson> result = EvidenceLayout.readResult(cellDir);
                    if (result.isPresent()) {
                        ResultJson r = result.get();
                        cell(cellDir, runId, r.cellId(), r.status(), r.exitCode(), r.durationMillis(), result, out);
                        continue;
                    }
                    String name = cellDir.getFileName().toString();
                    String cellId = name.substring(name.indexOf('-') + 1);
                    out.add(new WireEvent.CellStarted(out.size() + 1, null, runId, cellId, null, null));
                    output(cellDir, runId, cellId, out);
                } catch (IOException | RuntimeException e) {
                    out.subList(before, out.size()).clear(); // caught half-written: read again next time
                }
                break; // a run goes on in one cell at a time; a cell whose end is not read yet ends the list
            }
        } catch (IOException e) {
            // the folder went away meanwhile: what was read is still a true beginning
        }
        return out;
    }

    private List<WireEvent> events(Path dir, RunJson run) throws IOException {
        List<WireEvent> out = new ArrayList<>();
        String runId = run.runId();
        List<String> cellIds =
                run.cells().stream().map(RunJson.CellEntry::cellId).toList();
        out.add(new WireEvent.RunStarted(1, run.startedAt(), runId, run.runbook(), cellIds, run.user()));
        for (RunJson.CellEntry cell : run.cells()) {
            Optional<Path> cellDir = EvidenceLayout.cellDir(dir, cell);
            if (cellDir.isEmpty()) {
                continue; // run.json names only its own folders; anything else is not followed
            }
            Optional<ResultJson> result = EvidenceLayout.readResult(cellDir.get());
            long duration = cell.durationMillis() == null ? 0 : cell.durationMillis();
            cell(cellDir.get(), runId, cell.cellId(), cell.status(), cell.exitCode(), duration, result, out);
        }
        out.add(new WireEvent.RunFinished(
                out.size() + 1, run.finishedAt(), runId, lower(run.status()), dir.toString(), null, List.of()));
        return out;
    }

    /** One cell's events: started, its output, its results, finished (only finished when it never started). */
    private void cell(
            Path cellDir,
            String runId,
            String cellId,
            String cellStatus,
            Integer exitCode,
            long duration,
            Optional<ResultJson> result,
            List<WireEvent> out)
            throws IOException {
        String status = lower(cellStatus);
        if (!"skipped".equals(status) && !"frozen".equals(status)) { // neither started
            out.add(new WireEvent.CellStarted(
                    out.size() + 1,
                    result.map(ResultJson::startedAt).orElse(null),
                    runId,
                    cellId,
                    result.map(ResultJson::language).orElse(null),
                    null));
            output(cellDir, runId, cellId, out);
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
        String message = result.map(ResultJson::message).orElse(null);
        out.add(new WireEvent.CellFinished(
                out.size() + 1,
                result.map(ResultJson::finishedAt).orElse(null),
                runId,
                cellId,
                status,
                exitCode,
                duration,
                message,
                ErrorCodes.of(message)));
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
