package dev.tejun.kernel.exec.java;

/**
 * Where a snippet's source came from, so a stack frame in snippet {@code #12} line 3 can be shown as
 * {@code disk-check:7}: cell id and line in that cell.
 *
 * @param firstLine the cell line of the snippet's first non-blank character
 */
record SnippetOrigin(String cellId, int firstLine) {

    String at(int snippetLine) {
        return cellId + ":" + (firstLine + Math.max(snippetLine, 1) - 1);
    }
}
