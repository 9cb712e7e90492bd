package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fences inside list items and block quotes are cells, as CommonMark (and GitHub) reads them. */
class NestedCellsTest {

    @Test
    void parse_fenceInNumberedStep_isCellWithoutTheItemsIndentation() {
        String text = "1. Check disk:\n\n   ```sh {#disk}\n   df -h /\n     echo indented\n   ```\n2. Next\n";

        Runbook rb = RunbookFormat.parse(text);

        CodeCell cell = rb.codeCell("disk").orElseThrow();
        assertEquals("df -h /\n  echo indented\n", cell.code());
        assertEquals("   ", cell.indent());
        assertEquals(1, cell.depth());
        assertEquals(3, cell.line());
        assertEquals(text, RunbookFormat.write(rb));
    }

    @Test
    void parse_fenceInBlockQuote_isCellWithoutTheMarks() {
        String text = "> Run this:\n>\n> ```bash\n> echo one\n>\n>echo two\n> ```\n";

        CodeCell cell = RunbookFormat.parse(text).codeCells().getFirst();

        assertEquals("bash", cell.language());
        assertEquals("echo one\n\necho two\n", cell.code());
        assertEquals("> ", cell.indent());
    }

    @Test
    void parse_fenceOnTheItemsMarkerLine_readsItsLanguageAndAttributes() {
        Runbook rb = RunbookFormat.parse("- ```sh {#x timeout=5}\n  ls\n  ```\n");

        CodeCell cell = rb.codeCell("x").orElseThrow();
        assertEquals("5", cell.attributes().values().get("timeout"));
        assertEquals("ls\n", cell.code());
        assertEquals(List.of(), rb.problems());
    }

    @Test
    void parse_quoteInsideDeepList_crlf_keepsLineEndingsInCode() {
        String text = "- a\r\n  1. b\r\n\r\n     > ```sh\r\n     > echo deep\r\n     > ```\r\n";

        Runbook rb = RunbookFormat.parse(text);

        assertEquals("echo deep\r\n", rb.codeCells().getFirst().code());
        assertEquals("     > ", rb.codeCells().getFirst().indent());
        assertEquals(3, rb.codeCells().getFirst().depth());
        assertEquals(text, RunbookFormat.write(rb));
    }

    @Test
    void parse_unterminatedFenceInListItem_isErrorAtItsLine() {
        Runbook rb = RunbookFormat.parse("# T\n\n1. step\n   ```sh\n   echo\n2. next\n\n```sh\necho top\n```\n");

        Problem p = rb.problems().getFirst();
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(4, p.line());
        assertTrue(p.message().contains("list item"), p.message());
        assertEquals(1, rb.codeCells().size(), "the top-level cell after it is still a cell");
    }

    @Test
    void withCode_nestedInList_writesTheIndentOnEveryLine() {
        Runbook rb = RunbookFormat.parse("1. step\n\n   ```sh {#s}\n   old\n   ```\n\n   after\n2. next\n");

        Runbook edited = RunbookEdits.withCode(rb, "s", "one\n\n  two\nthree");

        assertEquals(
                "1. step\n\n   ```sh {#s}\n   one\n\n     two\n   three\n   ```\n\n   after\n2. next\n",
                RunbookFormat.write(edited));
        assertEquals("one\n\n  two\nthree\n", edited.codeCell("s").orElseThrow().code());
    }

    @Test
    void withCode_nestedInQuote_writesTheMarkOnEveryLine() {
        Runbook rb = RunbookFormat.parse("> ```sh {#q}\r\n> old\r\n> ```\r\n");

        Runbook edited = RunbookEdits.withCode(rb, "q", "a\n\nb\n");

        assertEquals("> ```sh {#q}\r\n> a\r\n>\r\n> b\r\n> ```\r\n", RunbookFormat.write(edited));
    }

    @Test
    void withCode_emptyNestedCell_takesTheIndentOfItsClosingFence() {
        Runbook rb = RunbookFormat.parse("- item\n\n  ```sh {#e}\n  ```\n");

        Runbook edited = RunbookEdits.withCode(rb, "e", "ls");

        assertEquals("- item\n\n  ```sh {#e}\n  ls\n  ```\n", RunbookFormat.write(edited));
    }

    @Test
    void withCode_nestedCellClosedByATabbedFence_takesTheIndentOfItsOpeningFence() {
        // found by RoundTripPropertyTest (CI, 2026-12-04): commonmark gives the tabbed closing line column 0, so the
        // edit wrote its body unindented, which ended the list item, and a valid edit was refused as one that
        // closes the fence
        String text = "```\n```\n- item\n  ```sh {#t}\n  ``` {#a}\n\t```\n";
        Runbook rb = RunbookFormat.parse(text);

        Runbook edited = RunbookEdits.withCode(rb, "t", "edited");

        assertEquals("```\n```\n- item\n  ```sh {#t}\n  edited\n\t```\n", RunbookFormat.write(edited));
        assertEquals("edited\n", edited.codeCells().getFirst().code());
    }

    @Test
    void withCode_lineThatWouldCloseTheNestedFence_isRefused() {
        Runbook rb = RunbookFormat.parse("- ```sh {#e}\n  ls\n  ```\n");

        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.withCode(rb, "e", "```\nrm -rf /\n"));
    }

    @Test
    void continuingHtml_proseAfterDeepCell_rendersItsIndentedLinesAsTextNotCode() {
        String prose = "\n    Check the output.\n\n    More.\n- next item\n";

        String html = ProseRenderer.continuingHtml(prose, "    ");

        assertEquals(
                "<div class=\"nested-prose\">\n<p>Check the output.</p>\n<p>More.</p>\n</div>\n"
                        + "<ul>\n<li>next item</li>\n</ul>\n",
                html);
    }
}
