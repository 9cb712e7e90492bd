package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.HostStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.md} rendered as any Markdown viewer would (CommonMark with GFM tables): values a user or a cell
 * chose (params, user name, host names and details) show as text, never as links, images or HTML.
 */
class MarkdownReportEscapingTest {

    @TempDir
    Path root;

    private static final String LINK = "[click me](https://evil.example/steal)";
    private static final String HTML = "<img src=x onerror=alert(1)>";

    @Test
    void markdown_valuesWithMarkdownOrHtml_renderAsText() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = store.newRunId();
        Instant now = Instant.now();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "book.md",
                "# Book\n\n```sh {#a}\necho\n```\n".getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of("target", LINK + " " + HTML, "![img](https://evil.example/x.png)", "`` ` ``"),
                "eve <b>boss</b>",
                "web",
                now));
        r.cellStarted(new CellStarted(1, now, runId, "a", "sh", "echo\n"));
        r.hostStatus(new HostStatus(2, now, runId, "a", "web1|" + LINK, "ok", HTML + " | " + LINK));
        r.cellFinished(new CellFinished(3, now, runId, "a", CellStatus.OK, 0, 1, null));
        r.finish(CellStatus.OK);

        String md = EvidenceReport.of(root.resolve(runId)).markdown();
        List<org.commonmark.Extension> gfm = List.of(TablesExtension.create());
        String html = HtmlRenderer.builder()
                .extensions(gfm)
                .build()
                .render(Parser.builder().extensions(gfm).build().parse(md));

        assertFalse(html.contains("<a "), "a value became a link:\n" + html);
        assertFalse(html.contains("<img"), "a value became an image:\n" + html);
        assertFalse(html.contains("<b>"), "a value became HTML:\n" + html);
        assertTrue(
                html.contains("evil.example/steal") && html.contains("&lt;img src=x"), "values still shown:\n" + html);
        assertTrue(
                html.contains("<td>ok</td>") || html.contains("<code>ok</code>"),
                "the host table still a table:\n" + html);
    }
}
