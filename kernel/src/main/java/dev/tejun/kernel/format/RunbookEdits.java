package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes to a runbook as text surgery: the edited piece's bytes are replaced and every other byte is
 * kept, then the whole text is parsed again so the result is exactly what the file will say when it
 * is opened next time. An edit that would change other cells' structure (code that closes its own
 * fence, say) is refused rather than silently reshaping the file.
 */
public final class RunbookEdits {

    private RunbookEdits() {}

    /**
     * Replaces the body of code cell {@code cellId}. A non-empty body gets a final line ending if it
     * lacks one, in the line ending style of the cell's opening fence; in a CRLF (or CR) file, a body
     * written with bare LF is converted to that style. In a list item or block quote every line is
     * written behind the cell's {@link CodeCell#indent()} (an empty line behind it without trailing
     * spaces), so the cell stays where it was.
     *
     * @throws IllegalArgumentException if there is no such cell, or the new body would close the fence
     */
    public static Runbook withCode(Runbook rb, String cellId, String newCode) {
        int index = indexOfCode(rb, cellId);
        CodeCell cell = (CodeCell) rb.cells().get(index);
        String eol = Lines.firstEnding(cell.openingFence());
        String code = body(newCode, eol);
        CodeCell edited = new CodeCell(
                cell.id(),
                cell.explicitId(),
                cell.language(),
                cell.attributes(),
                cell.openingFence(),
                code,
                cell.closingFence(),
                cell.line(),
                indented(code, cell.indent()),
                cell.indent(),
                cell.depth());
        Runbook result = replace(rb, index, edited.source());
        int codeIndex = rb.codeCells().indexOf(cell);
        List<CodeCell> after = result.codeCells();
        if (after.size() != rb.codeCells().size()
                || !after.get(codeIndex).code().equals(code)) {
            throw new IllegalArgumentException(
                    "the new code of cell " + cellId + " contains a line that closes its fence; use a longer fence");
        }
        return result;
    }

    /**
     * Replaces prose cell number {@code cellIndex} (an index into {@link Runbook#cells()}). The new
     * prose may contain fences, so the result can have more cells than before.
     */
    public static Runbook withProse(Runbook rb, int cellIndex, String newSource) {
        if (!(cell(rb, cellIndex) instanceof ProseCell)) {
            throw new IllegalArgumentException("cell " + cellIndex + " is not prose");
        }
        return replace(rb, cellIndex, newSource);
    }

    /**
     * Adds a code cell after cell {@code afterIndex} ({@code -1}: before the first cell), separated
     * from its neighbours by blank lines, in the line ending style of the file's first line. The fence is made longer than any fence inside {@code code}.
     *
     * @param info the fence info string, e.g. {@code sh} or {@code sh {#disk timeout=60}}
     */
    public static Runbook insertCell(Runbook rb, int afterIndex, String info, String code) {
        if (afterIndex < -1 || afterIndex >= rb.cells().size()) {
            throw new IllegalArgumentException("no cell " + afterIndex + " to insert after");
        }
        String language = FenceInfo.parse(info, 0, new ArrayList<>()).language();
        if (!Languages.EXECUTABLE.contains(language)
                || info.contains("`")
                || info.indexOf('\n') >= 0
                || info.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("not the info string of a code cell: " + info);
        }
        String text = RunbookFormat.write(rb);
        int at = rb.frontMatter().length();
        for (int i = 0; i <= afterIndex; i++) {
            at += rb.cells().get(i).source().length();
        }
        String eol = CellMoves.lineEnding(rb);
        String before = text.substring(0, at);
        String after = text.substring(at);
        String body = body(code, eol);
        String fence = "`".repeat(fenceLength(code));
        StringBuilder inserted = new StringBuilder();
        String bodyBefore = before.substring(rb.frontMatter().length());
        if (!before.isEmpty() && !Lines.endsWithLineEnding(before)) {
            inserted.append(eol);
        }
        if (!bodyBefore.isEmpty() && !Lines.endsWithBlankLine(bodyBefore)) {
            inserted.append(eol); // a blank line ends a paragraph, HTML block or list before the fence
        }
        inserted.append(fence)
                .append(info.strip())
                .append(eol)
                .append(body)
                .append(fence)
                .append(eol);
        if (!after.isEmpty() && !Lines.startsWithBlankLine(after)) {
            inserted.append(eol);
        }
        Runbook result = RunbookFormat.parse(before + inserted + after);
        if (result.codeCells().size() != rb.codeCells().size() + 1) {
            throw new IllegalArgumentException("a cell cannot be inserted there: the text around it "
                    + "(an unterminated fence, HTML block or front matter) would swallow it");
        }
        return result;
    }

    /**
     * Removes cell {@code cellIndex}. When the cell stood between blank lines (or after a blank line
     * at the end of the file), one of them goes too, so that deleting an inserted cell gives the
     * original file back.
     */
    public static Runbook deleteCell(Runbook rb, int cellIndex) {
        cell(rb, cellIndex);
        StringBuilder before = new StringBuilder(rb.frontMatter());
        for (int i = 0; i < cellIndex; i++) {
            before.append(rb.cells().get(i).source());
        }
        StringBuilder afterText = new StringBuilder();
        for (int i = cellIndex + 1; i < rb.cells().size(); i++) {
            afterText.append(rb.cells().get(i).source());
        }
        String after = afterText.toString();
        String bodyBefore = before.substring(rb.frontMatter().length());
        String kept = before.toString();
        if ((bodyBefore.isEmpty() || Lines.endsWithBlankLine(bodyBefore)) && Lines.startsWithBlankLine(after)) {
            after = after.substring(Lines.of(after).end(0));
        } else if (after.isEmpty() && Lines.endsWithBlankLine(bodyBefore)) {
            Lines lines = Lines.of(bodyBefore);
            kept = rb.frontMatter() + bodyBefore.substring(0, lines.start(lines.count() - 1));
        }
        return RunbookFormat.parse(kept + after);
    }

    private static Runbook replace(Runbook rb, int index, String newSource) {
        StringBuilder text = new StringBuilder(rb.frontMatter());
        for (int i = 0; i < rb.cells().size(); i++) {
            text.append(i == index ? newSource : rb.cells().get(i).source());
        }
        return RunbookFormat.parse(text.toString());
    }

    private static Cell cell(Runbook rb, int index) {
        if (index < 0 || index >= rb.cells().size()) {
            throw new IllegalArgumentException(
                    "no cell " + index + "; the runbook has " + rb.cells().size());
        }
        return rb.cells().get(index);
    }

    private static int indexOfCode(Runbook rb, String cellId) {
        for (int i = 0; i < rb.cells().size(); i++) {
            if (rb.cells().get(i) instanceof CodeCell c && c.id().equals(cellId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no code cell " + cellId);
    }

    /** The code as a fence body: in the file's line ending style, ending with a line ending unless empty. */
    private static String body(String code, String eol) {
        String body = code;
        if (!eol.equals("\n") && body.indexOf('\r') < 0) {
            body = body.replace("\n", eol); // an editor in a browser sends LF whatever the file uses
        }
        return body.isEmpty() || Lines.endsWithLineEnding(body) ? body : body + eol;
    }

    /** {@code code} with {@code indent} before each line; an empty line gets the indent without its trailing blanks. */
    private static String indented(String code, String indent) {
        if (indent.isEmpty()) {
            return code;
        }
        StringBuilder out = new StringBuilder();
        Lines lines = Lines.of(code);
        for (int i = 0; i < lines.count(); i++) {
            String line = lines.withEnding(i);
            out.append(Lines.stripEnding(line).isEmpty() ? indent.stripTrailing() : indent)
                    .append(line);
        }
        return out.toString();
    }

    /** A backtick fence longer than any backtick run that starts a line of {@code code}. */
    private static int fenceLength(String code) {
        int longest = 0;
        for (String line : code.split("\r\n|\r|\n")) {
            String s = line.stripLeading();
            int n = 0;
            while (n < s.length() && s.charAt(n) == '`') {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return Math.max(3, longest + 1);
    }
}
