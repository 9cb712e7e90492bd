package dev.tejun.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.kernel.exec.jupyter.MimeBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs a notebook had saved, kept as a run in evidence so they are the last known output of each cell until it
 * runs here. The run says what it is: interface {@value #VIA}, the notebook's name and SHA-256 as its params, and
 * each cell's message "recorded in NOTEBOOK, not run by Tejun". Only cells with saved outputs are in it.
 */
public final class RecordedRun {

    /** The interface word of a recorded run. */
    public static final String VIA = "import";

    private RecordedRun() {}

    /**
     * Writes the recorded run and returns its id, or null when the notebook had no saved output at all.
     *
     * @param runbookName the runbook's name as the user knows it (relative to the runbooks folder)
     * @param runbookFile the written runbook, for its Git state
     */
    public static String write(
            EvidenceStore evidence,
            NotebookImport.Imported imported,
            String notebookName,
            String runbookName,
            Path runbookFile,
            String user,
            Clock clock) {
        List<NotebookImport.Recorded> withOutputs =
                imported.recorded().stream().filter(r -> !r.outputs().isEmpty()).toList();
        if (withOutputs.isEmpty()) {
            return null;
        }
        byte[] text = imported.markdown().getBytes(StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notebook", notebookName);
        params.put("notebook_sha256", imported.sha256());
        String runId = evidence.newRunId();
        Instant now = clock.instant();
        RunInfo info =
                new RunInfo(runId, runbookName, text, evidence.gitInfo(runbookFile, text), params, user, VIA, now);
        long seq = 0;
        CellStatus worst = CellStatus.OK;
        try (RunRecorder recorder = evidence.begin(info)) {
            recorder.accept(new RunStarted(
                    ++seq,
                    now,
                    runId,
                    runbookName,
                    withOutputs.stream().map(r -> r.cell().id()).toList(),
                    user));
            for (NotebookImport.Recorded r : withOutputs) {
                String id = r.cell().id();
                recorder.accept(new CellStarted(
                        ++seq, now, runId, id, r.cell().language(), r.cell().code()));
                String error = null;
                for (JsonNode out : r.outputs()) {
                    switch (out.path("output_type").asText()) {
                        case "stream" -> {
                            Stream s = "stderr".equals(out.path("name").asText()) ? Stream.STDERR : Stream.STDOUT;
                            byte[] b = MimeBundle.text(out.path("text")).getBytes(StandardCharsets.UTF_8);
                            recorder.output(id, s, null, b, 0, b.length);
                        }
                        case "execute_result", "display_data", "pyout" -> {
                            MimeBundle.Shown shown = MimeBundle.richest(out.path("data"));
                            if (shown != null) {
                                recorder.accept(new CellResult(++seq, now, runId, id, shown.mime(), shown.data()));
                            }
                        }
                        case "error", "pyerr" -> {
                            error = out.path("ename").asText("Error") + ": "
                                    + out.path("evalue").asText("");
                            List<String> lines = new ArrayList<>();
                            out.path("traceback").forEach(l -> lines.add(MimeBundle.plain(l.asText())));
                            byte[] b = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                            recorder.output(id, Stream.STDERR, null, b, 0, b.length);
                        }
                        default -> {
                            // nothing else is an output a record keeps
                        }
                    }
                }
                CellStatus status = error == null ? CellStatus.OK : CellStatus.FAILED;
                worst = error == null ? worst : CellStatus.FAILED;
                String message = "recorded in " + notebookName + " (sha256 "
                        + imported.sha256().substring(0, 12) + "…), not run by Tejun"
                        + (error == null ? "" : "; " + error);
                recorder.accept(new CellFinished(++seq, now, runId, id, status, null, 0, message));
            }
            recorder.accept(
                    new RunFinished(++seq, now, runId, worst, recorder.dir().toString(), null));
        }
        return runId;
    }
}
