package dev.tejun.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.evidence.ChunkEntry;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.jupyter.MimeBundle;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run's evidence as a notebook (nbformat 4.5) for people who read records in Jupyter: the runbook as it was run,
 * prose as Markdown cells, each code cell with the output it gave in that run (streams in the order written, results
 * as {@code execute_result}/{@code display_data}, a failure as an {@code error}). Shell cells are written as
 * {@code %%bash} cells, others keep their text with their language in the cell's metadata; each cell's Tejun id and
 * the runbook's front matter go into metadata, so importing the notebook again gives the same cells.
 */
public final class NotebookExport {

    private NotebookExport() {}

    /** The notebook's JSON for the run in {@code runDir}. */
    public static byte[] of(Path runDir) throws IOException {
        RunJson run = EvidenceLayout.readRun(runDir);
        String text = Files.readString(EvidenceLayout.runbook(runDir), StandardCharsets.UTF_8);
        Runbook runbook = RunbookFormat.parse(text);
        Map<String, RunJson.CellEntry> ran = new HashMap<>();
        run.cells().forEach(c -> ran.put(c.cellId(), c));
        ObjectNode nb = Json.MAPPER.createObjectNode();
        ArrayNode cells = nb.putArray("cells");
        StringBuilder prose = new StringBuilder();
        int count = 0;
        for (Cell cell : runbook.cells()) {
            if (!(cell instanceof CodeCell code)) {
                prose.append(cell.source());
                continue;
            }
            flushProse(cells, prose, cells.size());
            ObjectNode c = cells.addObject();
            c.put("cell_type", "code");
            c.put("id", "tejun-" + cells.size());
            ObjectNode meta = c.putObject("metadata");
            ObjectNode tejun = meta.putObject("tejun");
            tejun.put("id", code.id());
            tejun.put("language", code.language());
            c.put("source", source(code));
            ArrayNode outputs = c.putArray("outputs");
            RunJson.CellEntry entry = ran.get(code.id());
            if (entry != null) {
                count++;
                c.put("execution_count", count);
                tejun.put("status", entry.status());
                outputs(runDir, entry, outputs, count);
            } else {
                c.putNull("execution_count");
            }
        }
        flushProse(cells, prose, cells.size());
        ObjectNode meta = nb.putObject("metadata");
        JsonNode spec = kernelspec(runbook);
        meta.set("kernelspec", spec);
        meta.putObject("language_info").put("name", spec.path("language").asText("python"));
        ObjectNode tejun = meta.putObject("tejun");
        tejun.put("runId", run.runId());
        tejun.put("runbook", run.runbook());
        tejun.put("sha256", run.sha256());
        tejun.put("status", run.status());
        tejun.put("user", run.user());
        tejun.put("via", run.via());
        tejun.put("startedAt", String.valueOf(run.startedAt()));
        tejun.put("frontMatter", runbook.frontMatter());
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        return Json.PRETTY.writeValueAsBytes(nb);
    }

    private static void flushProse(ArrayNode cells, StringBuilder prose, int index) {
        String text = prose.toString().strip();
        prose.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        ObjectNode c = cells.addObject();
        c.put("cell_type", "markdown");
        c.put("id", "tejun-" + index);
        c.putObject("metadata");
        c.put("source", text + "\n");
    }

    /** Shell cells as IPython's {@code %%bash}, {@code %%sh}; every other cell as its text. */
    private static String source(CodeCell code) {
        if (Languages.SHELL.contains(code.language())) {
            return (code.language().equals("sh") ? "%%sh\n" : "%%bash\n") + code.code();
        }
        return code.code();
    }

    private static JsonNode kernelspec(Runbook runbook) {
        Object fromFm = runbook.metadata().extra().get("jupyter");
        if (fromFm instanceof Map<?, ?> jupyter && jupyter.get("kernelspec") instanceof Map<?, ?> spec) {
            return Json.MAPPER.valueToTree(spec);
        }
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("name", "python3");
        spec.put("display_name", "Python 3 (ipykernel)");
        spec.put("language", "python");
        return spec;
    }

    private static void outputs(Path runDir, RunJson.CellEntry entry, ArrayNode outputs, int count) throws IOException {
        Optional<Path> dir = EvidenceLayout.cellDir(runDir, entry);
        if (dir.isEmpty()) {
            return;
        }
        String lastStream = null;
        ObjectNode last = null;
        for (ChunkEntry chunk : EvidenceLayout.readChunks(dir.get())) {
            String text = read(dir.get().resolve(chunk.file()), chunk.o(), chunk.n());
            if (chunk.s().equals(lastStream) && last != null) {
                last.put("text", last.path("text").asText() + text);
                continue;
            }
            last = outputs.addObject();
            last.put("output_type", "stream");
            last.put("name", chunk.s());
            last.put("text", text);
            lastStream = chunk.s();
        }
        Optional<ResultJson> result = EvidenceLayout.readResult(dir.get());
        if (result.isEmpty()) {
            return;
        }
        for (ResultJson.Result r : result.get().results()) {
            ObjectNode o = outputs.addObject();
            boolean value = MimeBundle.TEXT.equals(r.mime());
            o.put("output_type", value ? "execute_result" : "display_data");
            if (value) {
                o.put("execution_count", count);
            }
            ObjectNode data = o.putObject("data");
            String mime = MimeBundle.TABLE.equals(r.mime()) ? MimeBundle.JSON : r.mime();
            if (mime.endsWith("json")) {
                data.set(mime, Json.MAPPER.readTree(r.data()));
            } else {
                data.put(mime, r.data());
            }
            o.putObject("metadata");
        }
        if ("FAILED".equals(result.get().status())
                || "TIMED_OUT".equals(result.get().status())) {
            String message = String.valueOf(result.get().message());
            int colon = message.indexOf(": ");
            ObjectNode e = outputs.addObject();
            e.put("output_type", "error");
            e.put(
                    "ename",
                    colon > 0 ? message.substring(0, colon) : result.get().status());
            e.put("evalue", colon > 0 ? message.substring(colon + 2) : message);
            e.putArray("traceback");
        }
    }

    private static String read(Path file, long offset, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[(int) length];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
