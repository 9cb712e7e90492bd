package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun import} and {@code tejun export} run in-process on a temp data directory, as the launcher would. */
class NotebookCliTest {

    private static final String NOTEBOOK = """
            {"nbformat": 4, "nbformat_minor": 2,
             "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Check the disk\\n"]},
              {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["!df -h /"],
               "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Filesystem Size\\n"]}]},
              {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": ["1 + 1"],
               "outputs": [{"output_type": "execute_result", "execution_count": 2, "metadata": {},
                            "data": {"text/plain": "2"}}]}
             ]}
            """;

    @TempDir
    Path temp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(String... words) throws Exception {
        out.reset();
        err.reset();
        return new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Files.createDirectories(temp.resolve("home")))
                .execute(List.of(words));
    }

    @Test
    void import_thenExport_writesTheRunbookAndTheRecordedOutputsAsANotebook() throws Exception {
        Path nb = Files.writeString(temp.resolve("disk.ipynb"), NOTEBOOK);

        assertEquals(0, tejun("import", nb.toString()), err.toString(StandardCharsets.UTF_8));

        String md = Files.readString(temp.resolve("disk.md"));
        assertTrue(md.contains("```bash\ndf -h /\n```"), md);
        assertTrue(md.contains("```python\n1 + 1\n```"), md);
        Matcher run = Pattern.compile("recorded outputs kept as run (\\S+)\\)").matcher(out.toString());
        assertTrue(run.find(), out.toString());

        Path exported = temp.resolve("disk-again.ipynb");
        assertEquals(0, tejun("export", run.group(1), "--format", "ipynb", "-o", exported.toString()));

        JsonNode cells = new ObjectMapper().readTree(exported.toFile()).path("cells");
        assertEquals("%%bash\ndf -h /\n", cells.get(1).path("source").asText());
        assertEquals(
                "Filesystem Size\n",
                cells.get(1).path("outputs").get(0).path("text").asText());
        assertEquals(
                "2",
                cells.get(2)
                        .path("outputs")
                        .get(0)
                        .path("data")
                        .path("text/plain")
                        .asText());
    }

    @Test
    void export_formatPdf_printsTheReportWithAJapaneseFont() throws Exception {
        Path nb = Files.writeString(temp.resolve("disk.ipynb"), NOTEBOOK.replace("Filesystem Size", "ファイルシステム 容量"));
        assertEquals(0, tejun("import", nb.toString()), err.toString(StandardCharsets.UTF_8));
        Matcher run = Pattern.compile("recorded outputs kept as run (\\S+)\\)").matcher(out.toString());
        assertTrue(run.find(), out.toString());
        Path pdf = temp.resolve("disk.pdf");

        int exit = tejun("export", run.group(1), "--format", "pdf", "-o", pdf.toString());

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(pdf);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-"), text.substring(0, Math.min(20, text.length())));
        // the Japanese output was laid out in a CJK font (fonts-noto-cjk, which ./tejun test installs), not as boxes
        assertTrue(text.contains("NotoSansCJK") || text.contains("NotoSerifCJK"), "no CJK font embedded");
    }

    @Test
    void export_formatPdfWithoutAFile_isAUsageError() throws Exception {
        Path nb = Files.writeString(temp.resolve("disk.ipynb"), NOTEBOOK);
        assertEquals(0, tejun("import", nb.toString()));
        Matcher run = Pattern.compile("recorded outputs kept as run (\\S+)\\)").matcher(out.toString());
        assertTrue(run.find(), out.toString());

        assertEquals(2, tejun("export", run.group(1), "--format", "pdf"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs -o FILE.pdf"), err.toString());
    }

    @Test
    void import_existingTarget_isRefusedAndLeftAlone() throws Exception {
        Path nb = Files.writeString(temp.resolve("disk.ipynb"), NOTEBOOK);
        Path md = Files.writeString(temp.resolve("disk.md"), "mine");

        assertEquals(1, tejun("import", nb.toString()));

        assertEquals("mine", Files.readString(md));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("exists; nothing was written"));
    }

    @Test
    void import_notANotebook_isRefusedSayingWhy() throws Exception {
        Path nb = Files.writeString(temp.resolve("bad.ipynb"), "{\"cells\": []}");

        assertEquals(1, tejun("import", nb.toString()));

        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a notebook: no nbformat field"));
        assertTrue(Files.notExists(temp.resolve("bad.md")));
    }

    @Test
    void export_unknownRun_isRefused() throws Exception {
        assertEquals(1, tejun("export", "no-such-run"));
        assertEquals(2, tejun("export", "../etc"));
    }
}
