package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ws.WireEvent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A finished run's events rebuilt from its evidence, for runs no longer in memory (older ones, or ones a schedule
 * or a notebook started): cell by cell, the output chunks in the order {@code chunks.jsonl} recorded them, so
 * stdout and stderr stay apart and interleaved as they came. Seq numbers are those of the rebuilt list.
 */
final class EvidenceReplay {

    private final RunEvidence evidence;
    private final ObjectMapper json;

    EvidenceReplay(RunEvidence evidence, ObjectMapper json) {
        this.evidence = evidence;
        this.json = json;
    }

    /** Throws a 404 {@code ApiException} when there is no such run. */
    RunPage page(String runId, long since) throws IOException {
        Path runJson = evidence.runJson(runId);
        JsonNode run = json.readTree(runJson.toFile());
        String runbook = run.path("runbook").asText();
        if (run.path("finishedAt").isNull() || run.path("finishedAt").isMissingNode()) {
            return new RunPage(runId, runbook, List.of(), since, false, null);
        }
        List<WireEvent> all = events(runJson.getParent(), run);
        List<WireEvent> after = all.stream().filter(e -> e.seq() > since).toList();
        return new RunPage(runId, runbook, after, Math.max(since, all.size()), true, lower(run.path("status")));
    }

    private List<WireEvent> events(Path dir, JsonNode run) throws IOException {
        String runId = run.path("runId").asText();
        List<WireEvent> out = new ArrayList<>();
        Instant started = instant(run.path("startedAt"));
        List<String> cellIds = new ArrayList<>();
        run.path("cells").forEach(c -> cellIds.add(c.path("cellId").asText()));
        out.add(new WireEvent.RunStarted(1, started, runId, run.path("runbook").asText(), cellIds,
                text(run.path("user"))));
        for (JsonNode cell : run.path("cells")) {
            Path cellDir = dir.resolve(cell.path("dir").asText()).normalize();
            if (!cellDir.startsWith(dir)) {
                continue; // run.json names only its own folders; anything else is not followed
            }
            JsonNode result = Files.isRegularFile(cellDir.resolve("result.json"))
                    ? json.readTree(cellDir.resolve("result.json").toFile()) : json.createObjectNode();
            String cellId = cell.path("cellId").asText();
            if (!"skipped".equals(lower(cell.path("status")))) {
                out.add(new WireEvent.CellStarted(out.size() + 1, instant(result.path("startedAt")), runId, cellId,
                        text(result.path("language")), null));
                output(cellDir, runId, cellId, out);
            }
            out.add(new WireEvent.CellFinished(out.size() + 1, instant(result.path("finishedAt")), runId, cellId,
                    lower(cell.path("status")), cell.path("exitCode").isNumber() ? cell.path("exitCode").asInt() : null,
                    cell.path("durationMillis").asLong(), text(result.path("message"))));
        }
        out.add(new WireEvent.RunFinished(out.size() + 1, instant(run.path("finishedAt")), runId,
                lower(run.path("status")), dir.toString(), null));
        return out;
    }

    /** The cell's output chunks as recorded, each read back from its stream file at its offset. */
    private void output(Path cellDir, String runId, String cellId, List<WireEvent> out) throws IOException {
        Path chunks = cellDir.resolve("chunks.jsonl");
        if (!Files.isRegularFile(chunks)) {
            return;
        }
        for (String line : Files.readAllLines(chunks, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            String stream = c.path("s").asText();
            String host = text(c.path("h"));
            String name = (host == null ? "" : host.replaceAll("[^A-Za-z0-9_.-]", "_") + ".") + stream + ".bin";
            Path file = cellDir.resolve(name).normalize();
            if (!file.startsWith(cellDir) || !Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = new byte[(int) Math.min(c.path("n").asLong(), 1 << 20)];
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.seek(c.path("o").asLong());
                raf.readFully(bytes);
            }
            out.add(new WireEvent.CellOutput(out.size() + 1, instant(c.path("t")), runId, cellId, stream, host,
                    new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String lower(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText().toLowerCase(Locale.ROOT);
    }
}
