package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Runbook;
import org.junit.jupiter.api.Test;

class CellMovesTest {

    private static final String FILE = "---\ntitle: T\n---\n# Steps\n\nIntro.\n\n```sh {#a}\necho a\n```\n\n"
            + "Middle.\n\n```bash\necho b\n```\n\nEnd.\n";

    private static int index(Runbook rb, String id) {
        return rb.cells().indexOf(rb.codeCell(id).orElseThrow());
    }

    @Test
    void move_downPastProse_keepsOneBlankLineEachSide() {
        Runbook rb = RunbookFormat.parse(FILE);

        Runbook moved = CellMoves.move(rb, index(rb, "a"), 1);

        assertEquals(
                "---\ntitle: T\n---\n# Steps\n\nIntro.\n\nMiddle.\n\n```sh {#a}\necho a\n```\n\n"
                        + "```bash\necho b\n```\n\nEnd.\n",
                RunbookFormat.write(moved));
    }

    @Test
    void move_downThenUp_givesTheFileBack() {
        String file = "```sh {#a}\necho a\n```\n\nMiddle.\n\n```bash\necho b\n```\n";
        Runbook rb = RunbookFormat.parse(file);

        Runbook down = CellMoves.move(rb, index(rb, "a"), 1);
        Runbook back = CellMoves.move(down, index(down, "a"), -1);

        assertEquals(file, RunbookFormat.write(back));
    }

    /**
     * Prose is never split: once a move put two paragraphs side by side they are one prose cell, and the next move
     * passes both (as the notebook shows them: one text block).
     */
    @Test
    void move_upAfterProseJoined_passesTheWholeProseCell() {
        Runbook rb = RunbookFormat.parse(FILE);

        Runbook down = CellMoves.move(rb, index(rb, "a"), 1);
        Runbook up = CellMoves.move(down, index(down, "a"), -1);

        assertEquals(
                "---\ntitle: T\n---\n```sh {#a}\necho a\n```\n\n# Steps\n\nIntro.\n\nMiddle.\n\n"
                        + "```bash\necho b\n```\n\nEnd.\n",
                RunbookFormat.write(up));
    }

    @Test
    void move_upPastCodeAcrossBlankProse_swapsTheTwoCells() {
        String file = "```sh\none\n```\n\n```bash\ntwo\n```\n";
        Runbook rb = RunbookFormat.parse(file);

        Runbook moved = CellMoves.move(rb, 2, -1);

        assertEquals("```bash\ntwo\n```\n\n```sh\none\n```\n", RunbookFormat.write(moved));
    }

    @Test
    void move_firstCellUp_isRefused() {
        Runbook rb = RunbookFormat.parse("```sh\none\n```\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellMoves.move(rb, 0, -1));
        assertTrue(e.getMessage().contains("first"), e.getMessage());
    }

    @Test
    void move_nestedCell_isRefused() {
        Runbook rb = RunbookFormat.parse("1. Step\n\n   ```sh\n   one\n   ```\n\nText.\n");

        assertThrows(IllegalArgumentException.class, () -> CellMoves.move(rb, 1, 1));
    }

    @Test
    void duplicate_cellWithId_copyHasNoIdAndSameCode() {
        Runbook rb = RunbookFormat.parse(FILE);

        Runbook copied = CellMoves.duplicate(rb, index(rb, "a"));

        assertEquals(
                FILE.replace("```sh {#a}\necho a\n```\n", "```sh {#a}\necho a\n```\n\n```sh\necho a\n```\n"),
                RunbookFormat.write(copied));
    }

    @Test
    void duplicate_lastCellWithoutFinalNewline_addsLineEndings() {
        Runbook rb = RunbookFormat.parse("```sh\none\n```");

        Runbook copied = CellMoves.duplicate(rb, 0);

        assertEquals("```sh\none\n```\n\n```sh\none\n```\n", RunbookFormat.write(copied));
    }

    @Test
    void insertProse_betweenCells_separatedByBlankLines() {
        String file = "```sh\none\n```\n";
        Runbook rb = RunbookFormat.parse(file);

        Runbook added = CellMoves.insertProse(rb, 0, "## Next");

        assertEquals("```sh\none\n```\n\n## Next\n", RunbookFormat.write(added));
    }

    @Test
    void insertProse_crlfFile_writesCrlf() {
        Runbook rb = RunbookFormat.parse("# T\r\n\r\n```sh\r\none\r\n```\r\n");

        Runbook added = CellMoves.insertProse(rb, -1, "Intro\nmore");

        assertEquals("Intro\r\nmore\r\n\r\n# T\r\n\r\n```sh\r\none\r\n```\r\n", RunbookFormat.write(added));
    }
}
