package dev.tejun.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.jupyter.JupyterExecutorFactory;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notebooks of the LC4RI corpus imported with their recorded outputs, run in a real ipykernel, exported again. */
class NotebookRoundTripTest {

    @TempDir
    Path tmp;

    private NotebookImport.Imported imported(String name) throws Exception {
        return NotebookImport.of(Files.readAllBytes(Lc4riCorpus.folder().resolve(name)), name);
    }

    private EvidenceStore evidence() throws Exception {
        return new EvidenceStore(Files.createDirectories(tmp.resolve("data/evidence")), Clock.systemUTC());
    }

    private static List<String> described(List<CodeCell> cells) {
        return cells.stream()
                .map(c -> c.id() + " " + c.language() + "\n" + c.code())
                .toList();
    }

    @Test
    void recordedRun_keepsTheNotebooksOutputsMarkedImported() throws Exception {
        String name = "T03_KVM - Confirm KVM is healthy .ipynb";
        NotebookImport.Imported imported = imported(name);
        Path md = Files.writeString(tmp.resolve("t03.md"), imported.markdown());
        EvidenceStore evidence = evidence();

        String runId = RecordedRun.write(evidence, imported, name, "t03.md", md, "alice", Clock.systemUTC());

        Path runDir = evidence.root().resolve(runId);
        RunJson run = EvidenceLayout.readRun(runDir);
        assertEquals(RecordedRun.VIA, run.via());
        assertEquals(imported.sha256(), run.params().get("notebook_sha256"));
        RunJson.CellEntry first = run.cells().getFirst();
        Path cellDir = EvidenceLayout.cellDir(runDir, first).orElseThrow();
        ResultJson result = EvidenceLayout.readResult(cellDir).orElseThrow();
        assertTrue(result.message().startsWith("recorded in " + name), result.message());
        String stdout = Files.readString(cellDir.resolve("stdout.bin"));
        assertTrue(stdout.contains("SUCCESS"), stdout);
    }

    @Test
    void export_thenImport_givesTheSameCellsAndFrontMatter() throws Exception {
        String name = "D02_Docker - Ready! on Ubuntu and Set! Go!.ipynb";
        NotebookImport.Imported imported = imported(name);
        Path md = Files.writeString(tmp.resolve("d02.md"), imported.markdown());
        EvidenceStore evidence = evidence();
        String runId = RecordedRun.write(evidence, imported, name, "d02.md", md, "alice", Clock.systemUTC());

        byte[] exported = NotebookExport.of(evidence.root().resolve(runId));
        NotebookImport.Imported again = NotebookImport.of(exported, "d02-export.ipynb");

        assertEquals(
                described(imported.runbook().codeCells()),
                described(again.runbook().codeCells()));
        assertEquals(imported.runbook().frontMatter(), again.runbook().frontMatter());
        long recorded =
                imported.recorded().stream().filter(r -> !r.outputs().isEmpty()).count();
        long exportedWithOutputs =
                again.recorded().stream().filter(r -> !r.outputs().isEmpty()).count();
        assertEquals(recorded, exportedWithOutputs);
    }

    @Test
    void importedPythonCells_runInARealIpykernel_andExportWithTheirOutputs() throws Exception {
        NotebookImport.Imported imported =
                imported("D90_Postscript - Operational Policy Settings; Security etc. (to be" + " elaborated).ipynb");
        Path md = Files.writeString(tmp.resolve("d90.md"), imported.markdown());
        List<String> python = imported.runbook().codeCells().stream()
                .filter(c -> c.language().equals("python") && !c.code().contains("!"))
                .map(CodeCell::id)
                .toList();
        assertEquals(2, python.size());
        Path data = Files.createDirectories(tmp.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(JupyterExecutorFactory.python())),
                evidence(),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());
        RunFinished finished;
        try (Session session = new Session(
                "s1",
                new RunbookFile("d90.md", md),
                Map.of(),
                Files.createDirectories(tmp.resolve("work")),
                services)) {
            finished = session.run(python, "alice", "cli").finished().get(120, TimeUnit.SECONDS);
        }

        assertEquals(CellStatus.OK, finished.status(), finished.message());
        JsonNode nb = Json.MAPPER.readTree(NotebookExport.of(Path.of(finished.evidence())));
        JsonNode tempDirCell = null;
        for (JsonNode c : nb.path("cells")) {
            if (c.path("source").asText().contains("tempfile.mkdtemp()")) {
                tempDirCell = c;
            }
        }
        assertNotNull(tempDirCell);
        JsonNode result = tempDirCell.path("outputs").get(0);
        assertEquals("execute_result", result.path("output_type").asText());
        assertTrue(result.path("data").path("text/plain").asText().startsWith("'/tmp/"), result.toString());
        assertEquals(
                "python3",
                nb.path("metadata")
                        .path("kernelspec")
                        .path("name")
                        .asText("python3")
                        .replace("2", "3"));
        assertTrue(new String(NotebookExport.of(Path.of(finished.evidence())), StandardCharsets.UTF_8)
                .contains("\"runId\""));
    }
}
