package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving, duplicating and adding whole cells as text surgery, for authoring in the notebook. A cell travels as its
 * exact source; only the blank lines that separate it from its neighbours are added or taken away, so every other
 * byte of the file stays. Prose is never split: a code cell moves past a whole prose cell (past its text, not its
 * surrounding blank lines), and a prose cell of blank lines only is stepped over. Cells inside list items or block
 * quotes move with their container's text, not alone, so they are refused here.
 */
public final class CellMoves {

    private CellMoves() {}

    /**
     * Moves code cell {@code index} one step up ({@code by = -1}) or down ({@code by = 1}) past its neighbour.
     *
     * @throws IllegalArgumentException when the cell is not a top-level code cell, has no neighbour that way, or the
     *     result would read differently (the code of some cell changed)
     */
    public static Runbook move(Runbook rb, int index, int by) {
        CodeCell cell = topLevelCode(rb, index, "moved");
        if (by != -1 && by != 1) {
            throw new IllegalArgumentException("a cell moves one step: by must be -1 or 1");
        }
        int target = neighbour(rb, index, by);
        if (target < 0) {
            throw new IllegalArgumentException("cell " + index + " is already the " + (by < 0 ? "first" : "last"));
        }
        if (rb.cells().get(target) instanceof CodeCell c && c.depth() > 0) {
            throw new IllegalArgumentException("the neighbouring cell is inside a list item or quote; edit that text");
        }
        String text = RunbookFormat.write(rb);
        int[] removed = removedRange(rb, index);
        Cell t = rb.cells().get(target);
        int at = by < 0
                ? start(rb, target) + leadingBlank(t)
                : start(rb, target) + t.source().length() - trailingBlank(t);
        String without = text.substring(0, removed[0]) + text.substring(removed[1]);
        if (at > removed[0]) {
            at -= removed[1] - removed[0];
        }
        Runbook result = RunbookFormat.parse(placed(rb, without, at, cell.source()));
        List<String> expected = codes(rb);
        if (t instanceof CodeCell) { // past prose the order of the code cells stays
            int from = rb.codeCells().indexOf(cell);
            expected.add(from + by, expected.remove(from));
        }
        requireCodes(result, expected, "moved");
        return result;
    }

    /**
     * Adds a copy of code cell {@code index} right after it. An explicit {@code #id} is left off the copy (two cells
     * cannot share an id); the copy gets an implicit one.
     */
    public static Runbook duplicate(Runbook rb, int index) {
        CodeCell cell = topLevelCode(rb, index, "duplicated");
        String copy = cell.source();
        if (cell.explicitId()) {
            copy = FenceEdits.withInfo(cell, FenceEdits.info(cell.language(), null, cell.attributes()))
                    + cell.body()
                    + cell.closingFence();
        }
        if (!copy.endsWith("\n") && !copy.endsWith("\r")) {
            copy += lineEnding(rb); // the last cell of a file may lack its final line ending
        }
        String text = RunbookFormat.write(rb);
        int at = start(rb, index) + cell.source().length();
        String prefix =
                cell.closingFence().endsWith("\n") || cell.closingFence().endsWith("\r") ? "" : lineEnding(rb);
        Runbook result = RunbookFormat.parse(
                placed(rb, text.substring(0, at) + prefix + text.substring(at), at + prefix.length(), copy));
        List<String> expected = codes(rb);
        int from = rb.codeCells().indexOf(cell);
        expected.add(from + 1, expected.get(from));
        requireCodes(result, expected, "duplicated");
        return result;
    }

    /**
     * Adds prose after cell {@code afterIndex} ({@code -1}: before the first cell), separated from its neighbours by
     * blank lines. The text may contain fences of its own; they become cells as they would in the file.
     */
    public static Runbook insertProse(Runbook rb, int afterIndex, String prose) {
        if (afterIndex < -1 || afterIndex >= rb.cells().size()) {
            throw new IllegalArgumentException("no cell " + afterIndex + " to insert after");
        }
        if (prose == null || prose.isBlank()) {
            throw new IllegalArgumentException("the new text is empty");
        }
        String eol = lineEnding(rb);
        String source = prose.indexOf('\r') < 0 && !eol.equals("\n") ? prose.replace("\n", eol) : prose;
        if (!source.endsWith("\n") && !source.endsWith("\r")) {
            source += eol;
        }
        String text = RunbookFormat.write(rb);
        int at = afterIndex < 0 ? rb.frontMatter().length() : start(rb, afterIndex + 1);
        Runbook result = RunbookFormat.parse(placed(rb, text, at, source));
        if (result.codeCells().size() < rb.codeCells().size()) {
            throw new IllegalArgumentException("the text would swallow the cells after it (an unterminated fence?)");
        }
        return result;
    }

    /** {@code source} put into {@code text} at {@code at}, with a blank line before and after it where none is. */
    private static String placed(Runbook rb, String text, int at, String source) {
        String eol = lineEnding(rb);
        String before = text.substring(0, at);
        String after = text.substring(at);
        String body = before.substring(Math.min(rb.frontMatter().length(), before.length()));
        StringBuilder out = new StringBuilder(before);
        if (!before.isEmpty() && !Lines.endsWithLineEnding(before)) {
            out.append(eol);
        }
        if (!body.isEmpty() && !Lines.endsWithBlankLine(body)) {
            out.append(eol);
        }
        out.append(source);
        if (!after.isEmpty() && !Lines.startsWithBlankLine(after)) {
            out.append(eol);
        }
        return out.append(after).toString();
    }

    /**
     * The text taken out with cell {@code index}: its source and one of the blank lines around it, as
     * {@link RunbookEdits#deleteCell} takes it, so that moving a cell and back gives the file back.
     */
    private static int[] removedRange(Runbook rb, int index) {
        int from = start(rb, index);
        int to = from + rb.cells().get(index).source().length();
        String body = RunbookFormat.write(rb).substring(rb.frontMatter().length(), from);
        String after = RunbookFormat.write(rb).substring(to);
        if ((body.isEmpty() || Lines.endsWithBlankLine(body)) && Lines.startsWithBlankLine(after)) {
            return new int[] {from, to + Lines.of(after).end(0)};
        }
        if (after.isEmpty() && Lines.endsWithBlankLine(body)) {
            Lines lines = Lines.of(body);
            return new int[] {rb.frontMatter().length() + lines.start(lines.count() - 1), to};
        }
        return new int[] {from, to};
    }

    /** The next cell that way worth passing: a prose cell of blank lines only is stepped over. */
    private static int neighbour(Runbook rb, int index, int by) {
        int i = index + by;
        while (i >= 0 && i < rb.cells().size()) {
            if (!(rb.cells().get(i) instanceof ProseCell p && p.source().isBlank())) {
                return i;
            }
            i += by;
        }
        return -1;
    }

    private static CodeCell topLevelCode(Runbook rb, int index, String verb) {
        if (index < 0 || index >= rb.cells().size()) {
            throw new IllegalArgumentException(
                    "no cell " + index + "; the runbook has " + rb.cells().size());
        }
        if (!(rb.cells().get(index) instanceof CodeCell cell)) {
            throw new IllegalArgumentException("cell " + index + " is prose; only code cells are " + verb);
        }
        if (cell.depth() > 0) {
            throw new IllegalArgumentException(
                    "cell " + cell.id() + " is inside a list item or quote; it is " + verb + " with that text");
        }
        return cell;
    }

    private static void requireCodes(Runbook result, List<String> expected, String verb) {
        if (!codes(result).equals(expected)) {
            throw new IllegalArgumentException("the cell cannot be " + verb
                    + " there: the text around it (an open list, HTML block or fence) would change how it reads");
        }
    }

    private static List<String> codes(Runbook rb) {
        List<String> out = new ArrayList<>();
        rb.codeCells().forEach(c -> out.add(c.language() + "\u0000" + c.code()));
        return out;
    }

    static int start(Runbook rb, int index) {
        int at = rb.frontMatter().length();
        for (int i = 0; i < index; i++) {
            at += rb.cells().get(i).source().length();
        }
        return at;
    }

    private static int leadingBlank(Cell cell) {
        if (cell instanceof CodeCell) {
            return 0;
        }
        Lines lines = Lines.of(cell.source());
        int n = 0;
        while (n < lines.count() && lines.content(n).isBlank()) {
            n++;
        }
        return lines.start(n);
    }

    private static int trailingBlank(Cell cell) {
        if (cell instanceof CodeCell) {
            return 0;
        }
        Lines lines = Lines.of(cell.source());
        int n = lines.count();
        while (n > 0 && lines.content(n - 1).isBlank() && Lines.endsWithLineEnding(lines.withEnding(n - 1))) {
            n--;
        }
        return cell.source().length() - lines.start(n);
    }

    /** The line ending the file uses (that of its first line), {@code \n} when it has none. */
    static String lineEnding(Runbook rb) {
        return Lines.firstEnding(RunbookFormat.write(rb));
    }
}
