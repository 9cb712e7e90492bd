package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
