package dev.tejun.kernel.template;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Python (IPython) source. The text before each reference is read as Python's tokenizer reads it, to learn where the
 * reference sits:
 * <ul>
 *   <li>in code: a literal of the param's type ({@code 42}, {@code (-1.5)}, {@code True}, {@code 'text'});</li>
 *   <li>inside a string ({@code '…'}, {@code "…"}, triple-quoted, {@code b'…'}): the escaped text, every quote and
 *       control escaped, so it can never end the string;</li>
 *   <li>inside the literal part of an f-string: the same, with braces doubled so no value can open an expression;</li>
 *   <li>inside a comment: text that cannot end the comment.</li>
 * </ul>
 * Refused: a raw string (nothing can be escaped in it), an f-string's {@code {…}} (that is code inside a string), a
 * reference right after a backslash (the value's first character would complete an escape), and IPython's lines that
 * are not Python: {@code !shell}, {@code %magic}, {@code x = !cmd}, and cells opened by a {@code %%} cell magic, whose
 * text goes to a shell or a magic with no quoting Tejun could know.
 */
public final class PythonQuoting implements Quoting {

    public static final PythonQuoting INSTANCE = new PythonQuoting();

    /** IPython's system assignment, {@code files = !ls}, and magic assignment, {@code t = %time f()}. */
    private static final Pattern ASSIGN_FROM_SHELL = Pattern.compile("^\\s*[\\w.]+\\s*=\\s*[!%].*");

    private PythonQuoting() {}

    /** Where in Python's lexical grammar a position is. */
    enum Context {
        CODE,
        COMMENT,
        STRING,
        BYTES,
        RAW,
        FSTRING_TEXT,
        FSTRING_CODE,
        /** a {@code !} or {@code %} line or a {@code %%} cell: not Python */
        IPYTHON
    }

    @Override
    public Rendered render(String text, List<Slot> slots) {
        return Inline.render(text, slots, PythonQuoting::put);
    }

    private static String put(Slot s, String value, CharSequence before, String after) {
        Context where = contextAt(before);
        if (where != Context.CODE && where != Context.COMMENT && oddBackslashes(before)) {
            throw TypedValues.refused(
                    s, "follows a backslash, where its value could complete an escape: move the backslash");
        }
        return switch (where) {
            case CODE -> literal(s, value);
            case COMMENT -> Comments.line(value);
            case STRING -> escaped(value, false);
            case BYTES -> bytes(value);
            case FSTRING_TEXT -> escaped(value, true);
            case RAW ->
                throw TypedValues.refused(
                        s,
                        "is inside a raw string, where nothing can be escaped: drop the r prefix or put the "
                                + "reference outside the quotes");
            case FSTRING_CODE ->
                throw TypedValues.refused(
                        s,
                        "is inside an f-string's {…}, which is code: assign it to a variable first (x = ${"
                                + s.reference().name() + "}) and write {x}");
            case IPYTHON ->
                throw TypedValues.refused(
                        s,
                        "is on an IPython ! or % line (or in a %% cell), whose text goes to a shell or a magic "
                                + "unquoted: assign it to a Python variable first (x = ${"
                                + s.reference().name()
                                + "}) and pass that, e.g. !cmd {shlex.quote(x)}");
        };
    }

    static String literal(Slot s, String value) {
        return switch (s.type()) {
            case "integer" -> value.startsWith("-") ? "(" + value + ")" : value;
            case "number" -> {
                String digits = Double.toString(Double.parseDouble(value));
                yield digits.startsWith("-") ? "(" + digits + ")" : digits;
            }
            case "boolean" -> "true".equals(value) ? "True" : "False";
            default -> "'" + escaped(value, false) + "'";
        };
    }

    /**
     * The content of a {@code str} literal that is exactly {@code value}, whichever quotes or triple quotes hold it:
     * both quote characters, the backslash and every control character are escaped (Python source may not hold a
     * NUL, and a line break would end a one-line string). {@code fstring}: braces doubled as well.
     */
    static String escaped(String value, boolean fstring) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '{' -> out.append(fstring ? "{{" : "{");
                case '}' -> out.append(fstring ? "}}" : "}");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isSurrogate(c) && !pairAt(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (c == '\u2028' || c == '\u2029' || c == '\u0085' || c == '\u000c') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(value.charAt(++i));
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean pairAt(String v, int i) {
        return Character.isHighSurrogate(v.charAt(i))
                && i + 1 < v.length()
                && Character.isLowSurrogate(v.charAt(i + 1));
    }

    /** The content of a {@code bytes} literal holding the value's UTF-8 bytes; anything but printable ASCII as {@code \xNN}. */
    static String bytes(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\' || c == '\'' || c == '"') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }

    private static boolean oddBackslashes(CharSequence s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** Where the end of {@code s} is, read as Python reads it, with IPython's non-Python lines skipped. */
    static Context contextAt(CharSequence text) {
        String s = text.toString();
        if (s.stripLeading().startsWith("%%")) {
            return Context.IPYTHON;
        }
        int n = s.length();
        int i = 0;
        int depth = 0; // brackets: a line inside ( [ { goes on, so a ! there is an operator, not a shell line
        while (i < n) {
            // at the start of a logical line: IPython's ! and % lines are not Python
            if (depth == 0) {
                int eol = s.indexOf('\n', i);
                String line = s.substring(i, eol < 0 ? n : eol);
                String head = line.stripLeading();
                if (head.startsWith("!")
                        || head.startsWith("%")
                        || ASSIGN_FROM_SHELL.matcher(line).matches()) {
                    if (eol < 0) {
                        return Context.IPYTHON;
                    }
                    i = eol + 1;
                    continue;
                }
            }
            // one logical line of Python
            while (i < n) {
                char c = s.charAt(i);
                if (c == '#') {
                    int eol = s.indexOf('\n', i);
                    if (eol < 0) {
                        return Context.COMMENT;
                    }
                    i = eol;
                    continue;
                }
                if (c == '\n') {
                    i++;
                    if (depth == 0) {
                        break;
                    }
                    continue;
                }
                if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i += 2; // an explicit line joining
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                if (c == '\'' || c == '"') {
                    int p = i;
                    while (p > 0 && Character.isLetter(s.charAt(p - 1))) {
                        p--;
                    }
                    String prefix = s.substring(p, i).toLowerCase(java.util.Locale.ROOT);
                    boolean isPrefix = prefix.length() <= 2 && prefix.matches("[rbfu]*");
                    if (!isPrefix) {
                        prefix = "";
                    }
                    Context inside = prefix.contains("r")
                            ? Context.RAW
                            : prefix.contains("b")
                                    ? Context.BYTES
                                    : prefix.contains("f") ? Context.FSTRING_TEXT : Context.STRING;
                    int end = stringEnd(s, i, inside);
                    if (end < 0) {
                        return fstringContext(s, i, inside);
                    }
                    i = end;
                    continue;
                }
                i++;
            }
        }
        return Context.CODE;
    }

    /** The offset just after the string that opens at {@code at}, or -1 when it is still open at the text's end. */
    private static int stringEnd(String s, int at, Context kind) {
        char q = s.charAt(at);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), at);
        String close = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
        int i = at + close.length();
        int n = s.length();
        int braces = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (kind == Context.FSTRING_TEXT && braces > 0) {
                if (c == '}') {
                    braces--;
                } else if (c == '{') {
                    braces++;
                }
                i++;
                continue;
            }
            if (c == '\\' && kind != Context.RAW) {
                i += 2;
                continue;
            }
            if (c == '\\') { // a raw string still cannot end at an escaped quote
                i += 2;
                continue;
            }
            if (kind == Context.FSTRING_TEXT && c == '{') {
                if (i + 1 < n && s.charAt(i + 1) == '{') {
                    i += 2;
                    continue;
                }
                braces++;
                i++;
                continue;
            }
            if (!triple && c == '\n') {
                return i; // an unterminated one-line string: Python fails it; the value is not in it
            }
            if (s.startsWith(close, i)) {
                return i + close.length();
            }
            i++;
        }
        return -1;
    }

    /** For a string open at the end: an f-string's text or code part, else the string's kind. */
    private static Context fstringContext(String s, int at, Context kind) {
        if (kind != Context.FSTRING_TEXT) {
            return kind;
        }
        int braces = 0;
        for (int i = at + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && braces == 0) {
                i++;
            } else if (c == '{' && braces == 0 && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                i++;
            } else if (c == '{') {
                braces++;
            } else if (c == '}' && braces > 0) {
                braces--;
            }
        }
        return braces > 0 ? Context.FSTRING_CODE : Context.FSTRING_TEXT;
    }
}
