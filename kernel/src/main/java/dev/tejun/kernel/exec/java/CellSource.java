package dev.tejun.kernel.exec.java;

/**
 * The text of one cell, for turning positions inside a snippet into line numbers of the cell, which is what
 * the user sees in the notebook.
 */
record CellSource(String text) {

    /** 1-based line of a character offset in the cell. */
    int lineAt(int offset) {
        int line = 1;
        int end = Math.min(Math.max(offset, 0), text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The whole line that holds {@code offset}, without its line break. */
    String lineTextAt(int offset) {
        int at = Math.min(Math.max(offset, 0), text.length());
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** Column (0-based) of {@code offset} in its line. */
    int columnAt(int offset) {
        int at = Math.min(Math.max(offset, 0), text.length());
        return at - (text.lastIndexOf('\n', at - 1) + 1);
    }
}
