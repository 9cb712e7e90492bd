package dev.tejun.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.runbook.CodeCell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookImportTest {

    @TempDir
    Path dir;

    private static String notebook(String cellsJson) {
        return "{\"nbformat\":4,\"nbformat_minor\":2,\"metadata\":{\"kernelspec\":{\"name\":\"python3\","
                + "\"language\":\"python\",\"display_name\":\"Python 3\"}},\"cells\":[" + cellsJson + "]}";
    }

    private static String code(String source) {
        return "{\"cell_type\":\"code\",\"metadata\":{},\"outputs\":[],\"source\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(source) + "}";
    }

    private static List<CodeCell> cells(String nb) {
        return NotebookImport.of(nb.getBytes(StandardCharsets.UTF_8), "t.ipynb")
                .runbook()
                .codeCells();
    }

    @Test
    void import_lc4riCorpus_everyNotebookImportsAndChecksClean() throws Exception {
        List<Path> notebooks = Lc4riCorpus.notebooks();
        assertEquals(13, notebooks.size());
        int recorded = 0;
        for (Path nb : notebooks) {
            NotebookImport.Imported imported =
                    NotebookImport.of(Files.readAllBytes(nb), nb.getFileName().toString());
            Path md = Files.writeString(dir.resolve(nb.getFileName() + ".md"), imported.markdown());

            CheckReport report = RunbookCheck.check(md);

            assertTrue(report.ok() && report.roundTripOk(), nb + ": " + report.problems());
            assertTrue(report.problems().isEmpty(), nb + ": " + report.problems());
            assertTrue(imported.runbook().title() != null, nb + ": no title read from the front matter");
            Map<?, ?> jupyter =
                    (Map<?, ?>) imported.runbook().metadata().extra().get("jupyter");
            assertEquals("python2", ((Map<?, ?>) jupyter.get("kernelspec")).get("name"), nb.toString());
            recorded += (int) imported.recorded().stream()
                    .filter(r -> !r.outputs().isEmpty())
                    .count();
        }
        assertTrue(recorded > 100, "cells with recorded outputs: " + recorded);
    }

    @Test
    void import_bangOnlyCell_isBashAndPythonValuesKeepItPython() {
        List<CodeCell> cells = cells(notebook(code("!ls -l /tmp\n!echo done") + "," + code("!ansible -m ping {target}")
                + "," + code("x = 1\n!echo $x")));

        assertEquals(
                List.of("bash", "python", "python"),
                cells.stream().map(CodeCell::language).toList());
        assertEquals("ls -l /tmp\necho done\n", cells.get(0).code());
        assertEquals("!ansible -m ping {target}\n", cells.get(1).code());
    }

    @Test
    void import_cellMagics_becomeShellCells() {
        List<CodeCell> cells = cells(notebook(code("%%bash\necho $HOME") + "," + code("%%sh\nls")));

        assertEquals(
                List.of("bash", "sh"), cells.stream().map(CodeCell::language).toList());
        assertEquals("echo $HOME\n", cells.get(0).code());
    }

    @Test
    void import_writefile_isACellThatWritesTheFile() throws Exception {
        String body = "line one\nTEJUN_EOF\n$(not expanded) 'quoted'\n";
        CodeCell cell =
                cells(notebook(code("%%writefile \"out dir.txt\"\n" + body))).getFirst();
        assertEquals("sh", cell.language());

        Process sh = new ProcessBuilder("/bin/sh", "-c", cell.code())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, sh.exitValue(), new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(body, Files.readString(dir.resolve("out dir.txt")));
    }

    @Test
    void import_memeIds_becomeCellIdsOnceEach() {
        String meme = "{\"cell_type\":\"code\",\"metadata\":{\"lc_cell_meme\":{\"current\":\"a1b2-c3\"}},"
                + "\"outputs\":[],\"source\":\"1\"}";

        List<CodeCell> cells = cells(notebook(meme + "," + meme));

        assertEquals("a1b2-c3", cells.get(0).id());
        assertEquals("cell-2", cells.get(1).id());
    }

    @Test
    void import_notJson_isRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> NotebookImport.of("{oops".getBytes(StandardCharsets.UTF_8), "x"));

        assertTrue(e.getMessage().startsWith("not a notebook"), e.getMessage());
    }

    @Test
    void import_fenceOfACellLanguageInMarkdown_isRefused() {
        String md = "{\"cell_type\":\"markdown\",\"metadata\":{},\"source\":\"```sh\\nrm -rf /\\n```\\n\"}";

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NotebookImport.of(notebook(md).getBytes(StandardCharsets.UTF_8), "x"));

        assertTrue(e.getMessage().contains("would run as cells"), e.getMessage());
    }
}
