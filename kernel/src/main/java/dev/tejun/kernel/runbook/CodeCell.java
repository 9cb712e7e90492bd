package dev.tejun.kernel.runbook;

/**
 * A fenced block whose language has an executor, at top level or inside list items and block quotes.
 *
 * @param id           the {@code #id} attribute, or the implicit {@code cell-N} (N counts code cells from 1)
 * @param explicitId   whether the id was written in the file
 * @param language     the first word of the info string, e.g. {@code sh}
 * @param attributes   the parsed {@code {…}} part of the info string
 * @param openingFence the opening fence line exactly as in the file, with its line ending (and, in a list
 *                     item or block quote, the list marker or {@code >} in front of it)
 * @param code         the code as it runs: each body line without what its containers put in front of it
 *                     (a list item's indentation, {@code >}, the fence's own indentation), line endings kept
 * @param closingFence the closing fence line exactly as in the file (may lack a line ending at end of file)
 * @param line         1-based line number of the opening fence
 * @param body         the lines between the fences exactly as in the file; {@code code} at top level
 * @param indent       what an edit writes in front of every body line to keep it inside its containers:
 *                     empty at top level, e.g. three spaces in {@code 1. } item, {@code "> "} in a quote
 * @param depth        how many list items and block quotes hold the fence; 0 at top level
 */
public record CodeCell(
        String id,
        boolean explicitId,
        String language,
        Attributes attributes,
        String openingFence,
        String code,
        String closingFence,
        int line,
        String body,
        String indent,
        int depth)
        implements Cell {

    @Override
    public String source() {
        return openingFence + body + closingFence;
    }
}
