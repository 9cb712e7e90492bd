package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.PdfText;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run downloaded as the run page offers it: {@code report.pdf} (the HTML report printed by the real headless
 * Chromium), {@code report.html} and {@code notebook.ipynb} (the run as a Jupyter notebook with its output), for any
 * viewer; the reports in the reader's language ({@code ?lang}, else Accept-Language).
 */
@ExtendWith(CellsUnsandboxed.class)
class RunExportApiTest {

    @TempDir
    Path temp;

    TestServer t;
    String runId;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        t.write("hello.md", "# 挨拶\n\n```sh {#hi}\necho こんにちは\n```\n");
        runId = t.runEnded(t.post("/api/runs", "{\"runbook\":\"hello.md\"}"), "OK");
        viewer = t.userWith("vera", Role.VIEWER);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void reportPdf_getsThePrintedReport() throws Exception {
        HttpResponse<byte[]> r = t.getBytes("/api/runs/" + runId + "/report.pdf");

        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
        String pdf = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertTrue(pdf.startsWith("%PDF-"), pdf.substring(0, Math.min(20, pdf.length())));
        assertTrue(pdf.contains("NotoSansCJK") || pdf.contains("NotoSerifCJK"), "the Japanese output has a CJK font");
    }

    @Test
    void reportPdf_idsHashesAndOutput_readLetterForLetter_noLigatures() throws Exception {
        // a run id or hash with "ff" was printed as the one glyph U+FB00: copied out of the PDF it no longer
        // matched the run it names (CI saw run 3f0ff2 read back as 3f0\uFB002)
        // the runbook's name is printed in the page's own font (as ids and hashes are), its output in monospace
        t.write("offline-affine-fluff.md", "# lig\n\n```sh {#lig}\necho offline-affine-fluff\n```\n");
        String id = t.runEnded(t.post("/api/runs", "{\"runbook\":\"offline-affine-fluff.md\"}"), "OK");

        String text = PdfText.of(t.getBytes("/api/runs/" + id + "/report.pdf").body());

        assertTrue(text.contains("offline-affine-fluff.md"), text);
        assertTrue(text.contains("echo offline-affine-fluff"), text);
        assertFalse(text.chars().anyMatch(c -> c >= 0xFB00 && c <= 0xFB06), "a ligature glyph: " + text);
    }

    @Test
    void reportPdf_langJaOrAcceptLanguageJa_inJapaneseWords() throws Exception {
        // a line of the page may be several text objects: the words are read with their spacing made single
        String english = PdfText.of(
                        t.getBytes("/api/runs/" + runId + "/report.pdf").body())
                .replaceAll("\\s+", " ");
        assertTrue(english.contains("Evidence " + runId) && english.contains("Who"), english);
        assertFalse(english.contains("証跡"), english);

        for (HttpResponse<byte[]> r : List.of(
                t.getBytes("/api/runs/" + runId + "/report.pdf?lang=ja"),
                t.getBytes("/api/runs/" + runId + "/report.pdf", "Accept-Language", "ja,en;q=0.5"))) {
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            String japanese = PdfText.of(r.body()).replaceAll("\\s+", " ");
            assertTrue(japanese.contains("証跡 " + runId) && japanese.contains("実行者"), japanese);
            assertTrue(japanese.contains("こんにちは"), "the output as recorded: " + japanese);
        }
    }

    @Test
    void reportHtml_langJaOrAcceptLanguageJa_inJapaneseWords() throws Exception {
        String english =
                new String(t.getBytes("/api/runs/" + runId + "/report.html").body(), StandardCharsets.UTF_8);
        assertTrue(english.contains("Evidence " + runId) && english.contains("Who"), english);
        assertFalse(english.contains("証跡"), english);

        for (HttpResponse<byte[]> r : List.of(
                t.getBytes("/api/runs/" + runId + "/report.html?lang=ja"),
                t.getBytes("/api/runs/" + runId + "/report.html", "Accept-Language", "ja,en;q=0.5"))) {
            assertEquals(200, r.statusCode());
            String japanese = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(japanese.contains("証跡 " + runId) && japanese.contains("実行者"), japanese);
        }
        // the page's own choice wins over the browser's
        String asked = new String(
                t.getBytes("/api/runs/" + runId + "/report.html?lang=en", "Accept-Language", "ja")
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(asked.contains("Evidence " + runId) && !asked.contains("証跡"), asked);
    }

    @Test
    void notebookIpynb_aViewer_getsTheRunAsANotebookWithItsOutput() throws Exception {
        HttpResponse<String> r = t.as(viewer, "GET", "/api/runs/" + runId + "/notebook.ipynb", null);

        assertEquals(200, r.statusCode(), r.body());
        JsonNode nb = new ObjectMapper().readTree(r.body());
        assertEquals(4, nb.path("nbformat").asInt());
        JsonNode code = nb.path("cells").get(1);
        assertEquals("%%sh\necho こんにちは\n", code.path("source").asText(), nb.toString());
        assertEquals("こんにちは\n", code.path("outputs").get(0).path("text").asText(), nb.toString());
    }
}
