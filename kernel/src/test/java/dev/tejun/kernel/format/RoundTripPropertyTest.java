package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * (Named *Test so that surefire runs it.) Random Markdown-ish documents, built to hit fences, containers, front matter
 * and odd line endings. The seeds are fixed so that CI runs the same samples every time: random seeds found rare edge
 * cases in two CI runs on 2026-12-04, both fixed in CellSplitter with an example test each (the second:
 * RunbookFormatTest's lone-CR case; its seed is the one below). Explore with other seeds by hand ({@code seed}
 * removed), and turn what they find into example tests.
 */
class RoundTripPropertyTest {

    private static final Parser COMMONMARK = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    @Property(tries = 2000, seed = "-7819705468101844924") // fixed: see the class comment
    void write_parse_isIdentity(@ForAll("documents") String text) {
        assertEquals(text, RunbookFormat.write(RunbookFormat.parse(text)));
    }

    /** Cross-checks the cut against commonmark's own idea of each fence's content. */
    @Property(tries = 1000, seed = "-8029802732214173597") // fixed: see the class comment
    void parse_cellCode_matchesCommonmarkLiteral(@ForAll("documents") String text) {
        Runbook rb = RunbookFormat.parse(text);
        int linesBefore = Lines.of(rb.frontMatter()).count();
        Map<Integer, FencedCodeBlock> byLine = new HashMap<>();
        COMMONMARK.parse(text.substring(rb.frontMatter().length())).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock f) {
                byLine.put(f.getSourceSpans().getFirst().getLineIndex() + linesBefore + 1, f);
            }
        });
        for (CodeCell cell : rb.codeCells()) {
            FencedCodeBlock block = byLine.get(cell.line());
            assertNotNull(block, "no commonmark fence at line " + cell.line());
            String normalized =
                    cell.code().replace("\r\n", "\n").replace('\r', '\n').replace('\0', '\uFFFD');
            assertEquals(block.getLiteral(), normalized);
        }
    }

    @Property(tries = 1000, seed = "-5273590181734437305") // fixed: see the class comment
    void withCode_changesOnlyThatCellsBody(@ForAll("documents") String text, @ForAll("pick") int pick) {
        Runbook rb = RunbookFormat.parse(text);
        List<CodeCell> code = rb.codeCells();
        if (code.isEmpty()) {
            return;
        }
        CodeCell target = code.get(pick % code.size());
        int index = rb.cells().indexOf(target);

        Runbook edited = RunbookEdits.withCode(rb, target.id(), "edited");

        String eol = Lines.ending(target.openingFence());
        StringBuilder expected = new StringBuilder(rb.frontMatter());
        for (Cell c : rb.cells()) {
            expected.append(
                    c == target
                            ? target.openingFence() + target.indent() + "edited" + eol + target.closingFence()
                            : c.source());
        }
        assertEquals(expected.toString(), RunbookFormat.write(edited));
        assertEquals(rb.cells().size(), edited.cells().size());
        for (int i = 0; i < rb.cells().size(); i++) {
            if (i != index) {
                assertEquals(rb.cells().get(i).source(), edited.cells().get(i).source());
            }
        }
        assertEquals(target.id(), ((CodeCell) edited.cells().get(index)).id());
    }

    @Provide
    Arbitrary<Integer> pick() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> line =
                Combinators.combine(lineContent(), lineEnding()).as(String::concat);
        Arbitrary<String> body = line.list().ofMaxSize(30).map(l -> String.join("", l));
        Arbitrary<String> lastLine = Arbitraries.oneOf(Arbitraries.just(""), lineContent());
        Arbitrary<String> frontMatter = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of(
                        "---\ntitle: T\nparams:\n  p: { default: 1 }\n---\n",
                        "---\r\ntitle: [broken\r\n---\r\n",
                        "---\n...\n",
                        "---\ntitle: no end\n",
                        "---\n"));
        return Combinators.combine(frontMatter, body, lastLine).as((f, b, l) -> f + b + l);
    }

    private static Arbitrary<String> lineContent() {
        Arbitrary<String> fence = Combinators.combine(
                        Arbitraries.of("", " ", "  ", "   ", "    ", "\t", "- ", "> ", "1. ", "  - "),
                        Arbitraries.of("```", "````", "~~~", "~~~~", "``"),
                        Arbitraries.of("", "sh", "bash", "java", "ruby", "text", "ssh", "pause", "Sh", "sh{#a}"),
                        Arbitraries.of(
                                "",
                                " {#a}",
                                " {#b timeout=5}",
                                " {#a .x k=\"v w\"}",
                                " {x=${params.p}}",
                                " {#a",
                                "   "))
                .as((indent, f, lang, attrs) -> indent + f + lang + attrs);
        Arbitrary<String> text = Arbitraries.of(
                "",
                "   ",
                "\t",
                "# Heading",
                "para text",
                "日本語の説明",
                "😀 emoji",
                "a\u0000b",
                "---",
                "...",
                "<div>",
                "</div>",
                "<!--",
                "-->",
                "<pre>",
                "</pre>",
                "    indented code",
                "\tcode",
                "| a | b |",
                "|---|---|",
                "- item",
                "1. item",
                "> quote",
                ">",
                "  continued",
                "***",
                "===",
                "[x]: /url",
                "\uFEFF",
                "\u2028",
                "${params.p}",
                "echo hi");
        Arbitrary<String> random =
                Arbitraries.strings().withChars("`~ \t-#>*a{}\u00e9\u0000").ofMaxLength(8);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, fence), net.jqwik.api.Tuple.of(5, text), net.jqwik.api.Tuple.of(1, random));
    }

    private static Arbitrary<String> lineEnding() {
        return Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, "\n"), net.jqwik.api.Tuple.of(2, "\r\n"), net.jqwik.api.Tuple.of(1, "\r"));
    }
}
