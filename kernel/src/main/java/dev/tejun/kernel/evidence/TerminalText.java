package dev.tejun.kernel.evidence;

/**
 * Output as a terminal would have left it on screen, for the report: a carriage return goes back to the start of
 * the line and what follows overwrites it (the progress bars of apt, curl and rsync end as their last state, not
 * as hundreds of lines), and escape sequences (colours, cursor moves, window titles) are taken out rather than
 * shown raw. The evidence files keep the bytes as written; only the report reads them this way.
 */
public final class TerminalText {

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;

    private TerminalText() {}

    public static String render(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        StringBuilder line = new StringBuilder();
        int column = 0;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == ESC) {
                i = skipEscape(raw, i);
                continue;
            }
            if (c == '\n') {
                out.append(line).append('\n');
                line.setLength(0);
                column = 0;
            } else if (c == '\r') {
                column = 0;
            } else if (c == '\t' || c >= 0x20 && c != 0x7f) {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
            // other control characters (BEL, backspace, NUL) leave no mark
            i++;
        }
        return out.append(line).toString();
    }

    /** The index after the escape sequence at {@code at}: CSI up to its final byte, OSC up to BEL or ST. */
    private static int skipEscape(String s, int at) {
        int i = at + 1;
        if (i >= s.length()) {
            return i;
        }
        char kind = s.charAt(i);
        if (kind == '[') {
            i++;
            while (i < s.length() && (s.charAt(i) < 0x40 || s.charAt(i) > 0x7e)) {
                i++;
            }
            return i + 1;
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
            i++;
            while (i < s.length()) {
                if (s.charAt(i) == BEL) {
                    return i + 1;
                }
                if (s.charAt(i) == ESC && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                    return i + 2;
                }
                i++;
            }
            return i;
        }
        return i + 1; // a two-character sequence (ESC =, ESC 7, …)
    }
}
