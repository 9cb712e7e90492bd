package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookEditsTest {

    private static final String FILE =
            "---\ntitle: T\n---\n# Steps\n\n```sh {#a}\necho a\n```\n\nMiddle.\n\n```bash\necho b\n```\n";

    @Test
    void withCode_changesOnlyThatCellsBody() {
        Runbook rb = RunbookEdits.withCode(RunbookFormat.parse(FILE), "a", "echo changed");

        assertEquals(FILE.replace("echo a\n", "echo changed\n"), RunbookFormat.write(rb));
        assertEquals("echo changed\n", rb.codeCell("a").orElseThrow().code());
    }

    @Test
    void withCode_crlfFile_usesCrlfForNewLines() {
        String crlf = "```sh\r\nold\r\n```\r\n";

        Runbook rb = RunbookEdits.withCode(RunbookFormat.parse(crlf), "cell-1", "one\ntwo");

        assertEquals("```sh\r\none\r\ntwo\r\n```\r\n", RunbookFormat.write(rb));
    }

    @Test
    void withCode_empty_leavesFencesTouching() {
        Runbook rb = RunbookEdits.withCode(RunbookFormat.parse(FILE), "cell-2", "");

        assertEquals(FILE.replace("```bash\necho b\n```", "```bash\n```"), RunbookFormat.write(rb));
    }

    @Test
    void withCode_lastCellWithoutFinalNewline_keepsItThat() {
        Runbook rb = RunbookEdits.withCode(RunbookFormat.parse("```sh\nx\n```"), "cell-1", "y\n");

        assertEquals("```sh\ny\n```", RunbookFormat.write(rb));
    }

    @Test
    void withCode_codeThatClosesTheFence_isRefused() {
        Runbook rb = RunbookFormat.parse(FILE);

        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.withCode(rb, "a", "x\n```\ny"));
        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.withCode(rb, "nope", "x"));
    }

    @Test
    void withProse_canCreateACell() {
        Runbook rb = RunbookFormat.parse(FILE);
        int middle = 2;

        Runbook edited = RunbookEdits.withProse(rb, middle, "\nNow:\n\n```sh {#new}\nls\n```\n\n");

        assertEquals(
                List.of("a", "new", "cell-3"),
                edited.codeCells().stream().map(CodeCell::id).toList());
        assertEquals(FILE.replace("\nMiddle.\n\n", "\nNow:\n\n```sh {#new}\nls\n```\n\n"), RunbookFormat.write(edited));
        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.withProse(rb, 1, "x"));
    }

    @Test
    void insertCell_afterProse_addsFenceBetweenBlankLines() {
        Runbook rb = RunbookFormat.parse("# T\nText\n```sh\nx\n```\n");

        Runbook edited = RunbookEdits.insertCell(rb, 0, "bash {#b}", "uptime");

        assertEquals("# T\nText\n\n```bash {#b}\nuptime\n```\n\n```sh\nx\n```\n", RunbookFormat.write(edited));
        assertEquals(
                List.of("b", "cell-2"),
                edited.codeCells().stream().map(CodeCell::id).toList());
    }

    @Test
    void insertCell_codeWithFences_getsALongerFence() {
        Runbook edited = RunbookEdits.insertCell(RunbookFormat.parse("p\n"), 0, "sh", "cat <<EOF\n````\nEOF\n");

        assertEquals("p\n\n`````sh\ncat <<EOF\n````\nEOF\n`````\n", RunbookFormat.write(edited));
    }

    @Test
    void insertCell_atStartAfterFrontMatterWithoutNewline_startsANewLine() {
        Runbook edited = RunbookEdits.insertCell(RunbookFormat.parse("---\na: 1\n---"), -1, "sh", "ls");

        assertEquals("---\na: 1\n---\n```sh\nls\n```\n", RunbookFormat.write(edited));
    }

    @Test
    void insertCell_thenDelete_givesTheFileBack() {
        Runbook rb = RunbookFormat.parse(FILE);
        for (int after = -1; after < rb.cells().size(); after++) {
            Runbook inserted = RunbookEdits.insertCell(rb, after, "sh", "new");
            int index = inserted.cells()
                    .indexOf(inserted.codeCells().stream()
                            .filter(c -> c.code().equals("new\n"))
                            .findFirst()
                            .orElseThrow());

            assertEquals(FILE, RunbookFormat.write(RunbookEdits.deleteCell(inserted, index)), "after " + after);
        }
    }

    @Test
    void insertCell_insideUnterminatedFence_isRefused() {
        Runbook rb = RunbookFormat.parse("```text\nnever closed\n");

        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.insertCell(rb, 0, "sh", "ls"));
        assertThrows(IllegalArgumentException.class, () -> RunbookEdits.insertCell(rb, 0, "ruby", "x"));
    }

    @Test
    void deleteCell_codeCell_mergesTheProseAround() {
        Runbook edited = RunbookEdits.deleteCell(RunbookFormat.parse(FILE), 1);

        assertEquals("---\ntitle: T\n---\n# Steps\n\nMiddle.\n\n```bash\necho b\n```\n", RunbookFormat.write(edited));
        assertEquals(2, edited.cells().size());
        assertEquals("cell-1", edited.codeCells().getFirst().id());
    }
}
