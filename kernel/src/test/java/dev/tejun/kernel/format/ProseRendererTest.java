package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import org.junit.jupiter.api.Test;

class ProseRendererTest {

    @Test
    void toHtml_rawHtml_isShownAsText() {
        String html = ProseRenderer.toHtml("Hi <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");

        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<div"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void toHtml_javascriptLink_isDropped() {
        String html = ProseRenderer.toHtml("[x](javascript:alert(1)) [y](https://example.org)");

        assertFalse(html.contains("javascript:"), html);
        assertTrue(html.contains("href=\"https://example.org\""), html);
    }

    @Test
    void toHtml_table_isRendered() {
        assertEquals(
                "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n",
                ProseRenderer.toHtml("| a |\n|---|\n| 1 |\n"));
    }

    @Test
    void toHtml_strikethrough_isDeleted() {
        assertTrue(ProseRenderer.toHtml("old ~~step~~ gone\n").contains("<del>step</del>"));
    }

    @Test
    void toHtml_bareUrl_isALink() {
        String html = ProseRenderer.toHtml("See https://example.org/runbook for more.\n");
        assertTrue(html.contains("href=\"https://example.org/runbook\">https://example.org/runbook</a>"), html);
    }

    @Test
    void toHtml_headings_haveIdsForLinksAndTheOutline() {
        String html = ProseRenderer.toHtml("# Patch the web servers\n\n## Check disk\n");
        assertTrue(html.contains("<h1 id=\"patch-the-web-servers\">"), html);
        assertTrue(html.contains("<h2 id=\"check-disk\">"), html);
    }

    @Test
    void toHtml_headingWithMarkup_idIsTextOnly() {
        String html = ProseRenderer.toHtml("## <script>alert(1)</script> \"quoted\"\n");
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.matches("(?s).*id=\"[^\"]*[<>\"][^\"]*\".*"), html);
    }

    @Test
    void toHtml_taskList_isDisabledCheckboxes() {
        String html = ProseRenderer.toHtml("- [ ] drain the node\n- [x] take a backup\n- plain\n");
        assertTrue(
                html.contains("<li><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\" /> "
                        + "drain the node</li>"),
                html);
        assertTrue(html.contains("disabled=\"\" checked=\"\" /> take a backup</li>"), html);
        assertTrue(html.contains("<li>plain</li>"), html);
    }

    @Test
    void forRunbook_footnoteInAnotherProseCell_linkedAndNumberedAcrossTheRunbook() {
        Runbook runbook = RunbookFormat.parse("Drain first[^drain].\n\n```sh\ntrue\n```\n\nThen patch[^patch].\n\n"
                + "[^patch]: Reboots.\n\n[^drain]: See the balancer page.\n");
        ProseRenderer prose = ProseRenderer.forRunbook(runbook);
        String first = prose.html(((ProseCell) runbook.cells().get(0)).source());
        String last = prose.html(((ProseCell) runbook.cells().get(2)).source());
        assertTrue(
                first.contains("first<sup class=\"footnote-ref\"><a href=\"#fn-drain\" id=\"fnref-drain\">2</a></sup>"),
                "the reference finds its note in the other cell: " + first);
        assertFalse(first.contains("footnotes"), "the note stays where it is written: " + first);
        assertTrue(last.contains("<li id=\"fn-drain\">"), last);
        assertTrue(last.contains("<li id=\"fn-patch\">"), last);
        assertFalse(
                ProseRenderer.toHtml(((ProseCell) runbook.cells().get(0)).source())
                        .contains("footnote-ref"),
                "a cell alone does not know the other cell's note");
    }

    @Test
    void forRunbook_noteNumberedOtherThanItsPlace_saysItsNumber() {
        Runbook runbook =
                RunbookFormat.parse("A[^a].\n\n[^a]: First.\n\n```sh\ntrue\n```\n\nB[^b].\n\n[^b]: Second.\n");
        String second = ProseRenderer.forRunbook(runbook)
                .html(((ProseCell) runbook.cells().get(2)).source());
        assertTrue(second.contains("<li id=\"fn-b\" value=\"2\">"), second);
        assertTrue(second.contains(">2</a></sup>"), second);
    }

    @Test
    void toHtml_footnotes_numberedLinksAndNotesAtTheEnd() {
        String html = ProseRenderer.toHtml("Drain first[^drain], then patch[^2].\n\n[^2]: Reboots.\n\n"
                + "[^drain]: See the *load balancer* page.\n\nLast[^missing].\n");
        assertTrue(
                html.contains("first<sup class=\"footnote-ref\"><a href=\"#fn-drain\" id=\"fnref-drain\">2</a></sup>"),
                html);
        assertTrue(
                html.contains("patch<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\">1</a></sup>"), html);
        assertTrue(html.contains("<section class=\"footnotes\">"), html);
        assertTrue(
                html.contains("<li id=\"fn-drain\">See the <em>load balancer</em> page. "
                        + "<a href=\"#fnref-drain\" class=\"footnote-backref\">"),
                html);
        assertTrue(html.contains("Last[^missing]."), "a reference without its note stays as written: " + html);
        assertFalse(html.contains("[^2]:"), html);
    }

    @Test
    void toHtml_footnoteLabel_cannotBreakOutOfItsAttribute() {
        String html = ProseRenderer.toHtml("x[^a\"b]\n\n[^a\"b]: note\n");
        assertFalse(html.contains("a\"b"), html);
        assertTrue(html.contains("href=\"#fn-a-b\""), html);
    }
}
