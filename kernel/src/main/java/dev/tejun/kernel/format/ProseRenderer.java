package dev.tejun.kernel.format;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;

/**
 * Prose to HTML for the notebook page. Raw HTML in a runbook is shown as text and unsafe link
 * targets ({@code javascript:} and the like) are dropped, because a runbook is edited by many people
 * and shown to operators who hold production credentials.
 */
public final class ProseRenderer {

    // Both are immutable once built and safe to share between threads.
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create()))
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    private ProseRenderer() {
    }

    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
