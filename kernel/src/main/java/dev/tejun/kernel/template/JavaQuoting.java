package dev.tejun.kernel.template;

import java.util.List;

/**
 * Java (JShell) source. The text before each reference is read as Java's lexer reads it, Unicode escapes included,
 * to learn where the reference sits:
 * <ul>
 *   <li>in code: a literal of the param's type ({@code 42}, {@code (-1.5)}, {@code true}, {@code "text"});</li>
 *   <li>inside {@code "…"}: the escaped text, so {@code "a${params.x}b".length()} still measures one string;</li>
 *   <li>inside a text block: the escaped text with every quote escaped, so {@code """} cannot appear, and white space
 *       at its ends escaped so the text block's stripping cannot remove it;</li>
 *   <li>inside {@code '…'}: the one character, escaped; any other length is refused;</li>
 *   <li>inside a comment: text that cannot end the comment.</li>
 * </ul>
 * A backslash in a value is always doubled, so no value can ever form a Unicode escape ({@code \u0022} would be a
 * quote before Java lexes anything), and a reference right after a backslash (which could complete one) is refused.
 */
public final class JavaQuoting implements Quoting {

    public static final JavaQuoting INSTANCE = new JavaQuoting();
    private static final int MAX_CONSTANT = 65535;
    /** Characters per part of a long value: at most three bytes each, so a part stays under the limit. */
    private static final int CHUNK = 16 * 1024;

    /** Where in Java's lexical grammar a position is. */
    enum Context {
        CODE,
        STRING,
        TEXT_BLOCK,
        CHAR,
        LINE_COMMENT,
        BLOCK_COMMENT
    }

    private JavaQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        return Inline.render(text, slots, JavaQuoting::put);
    }

    private static String put(Slot s, String value, CharSequence before, String after) {
        if (opensEscape(before)) {
            throw TypedValues.refused(
                    s,
                    "follows a backslash, where its value could complete an escape: "
                            + "move the backslash or the reference");
        }
        Context where = contextAt(before);
        if ((where == Context.STRING || where == Context.TEXT_BLOCK) && constantBytes(value) > MAX_CONSTANT) {
            throw TypedValues.refused(
                    s,
                    "is inside a string, and its value is longer than Java allows one string "
                            + "constant (65535 bytes): put the reference outside the quotes, as an expression of its own");
        }
        return switch (where) {
            case CODE -> literal(s, value);
            case STRING -> escaped(value, false);
            case TEXT_BLOCK -> textBlock(s, value);
            case CHAR -> character(s, value);
            case LINE_COMMENT -> Comments.line(value);
            case BLOCK_COMMENT -> Comments.block(value, after.startsWith("/"));
        };
    }

    static String literal(Slot s, String value) {
        return switch (s.type()) {
            case "integer" -> {
                long n = Long.parseLong(value);
                String digits = Long.toString(n) + (n == (int) n ? "" : "L");
                yield n < 0 ? "(" + digits + ")" : digits; // so that x-${n} never becomes x--1
            }
            case "number" -> {
                double d = Double.parseDouble(value);
                String digits = Double.toString(d);
                yield digits.startsWith("-") ? "(" + digits + ")" : digits;
            }
            case "boolean" -> value;
            default -> constantBytes(value) <= MAX_CONSTANT ? '"' + escaped(value, false) + '"' : joined(value);
        };
    }

    /**
     * A value too long for one string constant, as {@code String.join("", "…", "…")}: a call, so javac does not fold
     * the parts back into one constant.
     */
    private static String joined(String value) {
        StringBuilder out = new StringBuilder("String.join(\"\"");
        for (int i = 0; i < value.length(); ) {
            int end = Math.min(value.length(), i + CHUNK);
            if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
                end--;
            }
            out.append(", \"").append(escaped(value.substring(i, end), false)).append('"');
            i = end;
        }
        return out.append(')').toString();
    }

    /** The length of a string constant in a class file (modified UTF-8), which may not pass 65535. */
    static int constantBytes(String value) {
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            n += c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    private static String textBlock(Slot s, String value) {
        if (!value.isEmpty() && (unicodeSpace(value.charAt(0)) || unicodeSpace(value.charAt(value.length() - 1)))) {
            throw TypedValues.refused(
                    s,
                    "is in a text block, whose stripping would remove the Unicode white space "
                            + "at an end of its value: put the reference in a \"…\" string instead");
        }
        return escaped(value, true);
    }

    private static boolean unicodeSpace(char c) {
        return c > 0x7f && Character.isWhitespace(c);
    }

    private static String character(Slot s, String value) {
        if (value.length() != 1) {
            throw TypedValues.refused(s, "is in a char literal '…' but its value is not one character");
        }
        char c = value.charAt(0);
        return c == '\'' ? "\\'" : escaped(value, false);
    }

    /**
     * The content of a string literal (or text block) that is exactly {@code value}. Control characters become octal
     * escapes, never {@code \}{@code u} escapes, which Java would turn into the character before lexing.
     */
    static String escaped(String value, boolean textBlock) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // a text block strips white space at the ends of its lines; \s is a space it keeps
                case ' ' -> out.append(textBlock && (i == 0 || i == last) ? "\\s" : " ");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\%03o", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * True when the text ends in a backslash that Java would read as the start of a Unicode escape (an odd run of
     * backslashes), perhaps followed by {@code u}s and up to three hex digits: a value put here could finish it.
     */
    static boolean opensEscape(CharSequence s) {
        int end = s.length();
        int hex = end;
        while (hex > 0 && end - hex < 3 && Character.digit(s.charAt(hex - 1), 16) >= 0) {
            hex--;
        }
        int u = hex;
        while (u > 0 && s.charAt(u - 1) == 'u') {
            u--;
        }
        if (u == hex) {
            u = end; // no u: only a backslash right at the end can start an escape with the value
        }
        int b = u;
        while (b > 0 && s.charAt(b - 1) == '\\') {
            b--;
        }
        return (u - b) % 2 == 1;
    }

    /** Where the end of {@code s} is, read as Java reads it: Unicode escapes first, then tokens. */
    static Context contextAt(CharSequence s) {
        String d = unicodeEscapesDecoded(s);
        Context c = Context.CODE;
        int n = d.length();
        for (int i = 0; i < n; i++) {
            char ch = d.charAt(i);
            char next = i + 1 < n ? d.charAt(i + 1) : 0;
            switch (c) {
                case CODE -> {
                    if (ch == '/' && next == '/') {
                        c = Context.LINE_COMMENT;
                        i++;
                    } else if (ch == '/' && next == '*') {
                        c = Context.BLOCK_COMMENT;
                        i++;
                    } else if (ch == '"' && d.startsWith("\"\"\"", i)) {
                        c = Context.TEXT_BLOCK;
                        i += 2;
                    } else if (ch == '"') {
                        c = Context.STRING;
                    } else if (ch == '\'') {
                        c = Context.CHAR;
                    }
                }
                case LINE_COMMENT -> c = ch == '\n' || ch == '\r' ? Context.CODE : c;
                case BLOCK_COMMENT -> {
                    if (ch == '*' && next == '/') {
                        c = Context.CODE;
                        i++;
                    }
                }
                case STRING, CHAR -> {
                    if (ch == '\\') {
                        i++;
                    } else if (ch == (c == Context.STRING ? '"' : '\'') || ch == '\n' || ch == '\r') {
                        c = Context.CODE;
                    }
                }
                case TEXT_BLOCK -> {
                    if (ch == '\\') {
                        i++;
                    } else if (d.startsWith("\"\"\"", i)) {
                        c = Context.CODE;
                        i += 2;
                    }
                }
            }
        }
        return c;
    }

    /** JLS 3.3: a backslash preceded by an even number of backslashes, then u…u and four hex digits. */
    private static String unicodeEscapesDecoded(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int run = 0; // contiguous raw backslashes just before i
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && run % 2 == 0 && i + 1 < n && s.charAt(i + 1) == 'u') {
                int j = i + 1;
                while (j < n && s.charAt(j) == 'u') {
                    j++;
                }
                if (j + 4 <= n && hex4(s, j)) {
                    out.append((char) Integer.parseInt(s.subSequence(j, j + 4).toString(), 16));
                    i = j + 3;
                    run = 0;
                    continue;
                }
            }
            run = ch == '\\' ? run + 1 : 0;
            out.append(ch);
        }
        return out.toString();
    }

    private static boolean hex4(CharSequence s, int from) {
        for (int k = from; k < from + 4; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
