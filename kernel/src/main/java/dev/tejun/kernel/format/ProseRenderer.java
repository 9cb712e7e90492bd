package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Prose to HTML for the notebook page. Raw HTML in a runbook is shown as text and unsafe link
 * targets ({@code javascript:} and the like) are dropped, because a runbook is edited by many people
 * and shown to operators who hold production credentials.
 */
public final class ProseRenderer {

    /**
     * GitHub-flavoured Markdown: tables, ~~strikethrough~~, bare URLs as links (still through sanitizeUrls), an
     * {@code id} on every heading for links and the notebook's outline, and task lists and footnotes
     * ({@link GfmExtras}: their commonmark-java extensions are not among those the registry serves).
     */
    private static List<Extension> gfm(Extension extras) {
        return List.of(
                TablesExtension.create(),
                StrikethroughExtension.create(),
                AutolinkExtension.create(),
                HeadingAnchorExtension.create(),
                extras);
    }

    /** Prose on its own: its footnotes are its own. */
    private static final ProseRenderer ALONE = new ProseRenderer(GfmExtras.create());

    // Both are immutable once built and safe to share between threads.
    private final Parser parser;
    private final HtmlRenderer renderer;

    private ProseRenderer(Extension extras) {
        List<Extension> extensions = gfm(extras);
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder()
                .extensions(extensions)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .build();
    }

    /**
     * A renderer for the prose cells of one runbook: a footnote reference in one cell finds its note in another
     * (they are shown on one page), and notes are numbered across the runbook.
     */
    public static ProseRenderer forRunbook(Runbook runbook) {
        List<String> labels = new java.util.ArrayList<>();
        for (Cell cell : runbook.cells()) {
            if (cell instanceof ProseCell prose) {
                GfmExtras.noteLabels(prose.source()).stream()
                        .filter(l -> !labels.contains(l))
                        .forEach(labels::add);
            }
        }
        return labels.isEmpty() ? ALONE : new ProseRenderer(GfmExtras.create(labels));
    }

    public static String toHtml(String markdown) {
        return ALONE.html(markdown);
    }

    /** As {@link #toHtml}, with this renderer's runbook. */
    public String html(String markdown) {
        return renderer.render(parser.parse(GfmExtras.protectNotes(markdown)));
    }

    /**
     * Prose that follows a cell nested in a list item or quote: its first lines are still inside that
     * container (they start with the cell's {@code indent}). Rendered on their own they would be an
     * indented code block or a stray quote, so they are rendered without the indent, in a
     * {@code <div class="nested-prose">} the notebook shows under the cell; the rest as usual.
     */
    public static String continuingHtml(String markdown, String indent) {
        return ALONE.continuing(markdown, indent);
    }

    /** As {@link #continuingHtml}, with this renderer's runbook. */
    public String continuing(String markdown, String indent) {
        if (indent.isEmpty()) {
            return html(markdown);
        }
        Lines lines = Lines.of(markdown);
        String bare = indent.stripTrailing();
        StringBuilder inside = new StringBuilder();
        int lastInside = 0; // blank lines only count as inside when an indented line follows them
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < lines.count(); i++) {
            String line = lines.withEnding(i);
            String content = Lines.stripEnding(line);
            if (content.isBlank() || content.equals(bare)) {
                pending.append(Lines.ending(line));
            } else if (content.startsWith(indent)) {
                inside.append(pending).append(line.substring(indent.length()));
                pending.setLength(0);
                lastInside = i + 1;
            } else {
                break;
            }
        }
        if (inside.isEmpty()) {
            return html(markdown);
        }
        return "<div class=\"nested-prose\">\n" + html(inside.toString()) + "</div>\n"
                + html(markdown.substring(lines.start(lastInside)));
    }
}
