package dev.tejun.kernel.runbook;

/**
 * A fenced block whose language has an executor.
 *
 * @param id           the {@code #id} attribute, or the implicit {@code cell-N} (N counts code cells from 1)
 * @param explicitId   whether the id was written in the file
 * @param language     the first word of the info string, e.g. {@code sh}
 * @param attributes   the parsed {@code {…}} part of the info string
 * @param openingFence the opening fence line exactly as in the file, with its line ending
 * @param code         the body exactly as in the file, with the line ending of its last line
 * @param closingFence the closing fence line exactly as in the file (may lack a line ending at end of file)
 * @param line         1-based line number of the opening fence
 */
public record CodeCell(String id, boolean explicitId, String language, Attributes attributes,
                       String openingFence, String code, String closingFence, int line) implements Cell {

    @Override
    public String source() {
        return openingFence + code + closingFence;
    }
}
