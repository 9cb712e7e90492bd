package dev.tejun.kernel.template;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Terraform's HCL (a {@code terraform} cell's {@code main.tf}). The text before each reference is read as HCL's
 * scanner reads it (quoted templates, heredocs, {@code ${…}}/{@code %{…}} inside them, comments) to learn where the
 * reference sits:
 * <ul>
 *   <li>in an expression: a quoted string ({@code "text"}), or a number or {@code true}/{@code false} for typed
 *       params;</li>
 *   <li>inside {@code "…"}: the escaped text ({@code \\ \" \n \r \t \}{@code uNNNN}, and <code>$${</code>/<code>%%{</code> so
 *       that nothing in a value is ever interpolated or run as a directive);</li>
 *   <li>inside a heredoc: <code>$${</code>/<code>%%{</code>; a heredoc has no other escapes, so a value with a line that
 *       would end it (its delimiter) is refused, and so is a multi-line value in an indented {@code <<-} heredoc,
 *       whose indentation stripping would change it;</li>
 *   <li>inside a comment: text that cannot end the comment.</li>
 * </ul>
 * Values for Terraform's own variables are better passed as params, which go to {@code terraform.tfvars.json}.
 */
public final class HclQuoting implements Quoting {

    public static final HclQuoting INSTANCE = new HclQuoting();

    enum Kind {
        CODE,
        QUOTED,
        HEREDOC,
        LINE_COMMENT,
        BLOCK_COMMENT
    }

    /** One level of HCL's nesting: code inside a template's {@code ${…}} counts its braces to find the end. */
    static final class Frame {
        final Kind kind;
        final String delimiter;
        final boolean indented;
        int braces;

        Frame(Kind kind, String delimiter, boolean indented) {
            this.kind = kind;
            this.delimiter = delimiter;
            this.indented = indented;
        }
    }

    private HclQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        return Inline.render(text, slots, HclQuoting::put);
    }

    private static String put(Slot s, String value, CharSequence before, String after) {
        Frame f = contextAt(before);
        return switch (f.kind) {
            case CODE -> literal(s, value);
            case QUOTED -> template(s, before, value, after, true);
            case HEREDOC -> heredoc(s, f, before, value, after);
            case LINE_COMMENT -> Comments.line(value);
            case BLOCK_COMMENT -> Comments.block(value, after.startsWith("/"));
        };
    }

    static String literal(Slot s, String value) {
        if (!TypedValues.literal(s)) {
            return '"' + template(s, "", value, "", true) + '"';
        }
        return value.startsWith("-") ? "(" + value + ")" : value;
    }

    /**
     * Text for inside a quoted template ({@code quoted}) or a heredoc: <code>${</code> and <code>%{</code> doubled, and a
     * {@code $} or {@code %} at the value's end doubled when the text after it starts with <code>{</code>.
     */
    static String template(Slot s, CharSequence before, String value, String after, boolean quoted) {
        if (value.startsWith("{") && !before.isEmpty()) {
            char last = before.charAt(before.length() - 1);
            if (last == '$' || last == '%') {
                throw TypedValues.refused(
                        s,
                        "follows " + last + ", which with its value could start an "
                                + "interpolation: put a space or the reference elsewhere");
            }
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean brace = i + 1 < value.length() ? value.charAt(i + 1) == '{' : after.startsWith("{");
            if ((c == '$' || c == '%') && brace) {
                out.append(c).append(c);
            } else if (!quoted) {
                out.append(c);
            } else if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String heredoc(Slot s, Frame f, CharSequence before, String value, String after) {
        int lineStart = lastLineBreak(before) + 1;
        String head = before.subSequence(lineStart, before.length()).toString();
        int lineEnd = after.indexOf('\n');
        String tail = after.substring(0, lineEnd < 0 ? after.length() : lineEnd);
        String[] lines = (head + value + tail).split("\n", -1);
        for (String line : lines) {
            if (line.strip().equals(f.delimiter)) {
                throw TypedValues.refused(
                        s,
                        "is in a heredoc and its value has a line that would end it (" + f.delimiter
                                + "): put the reference in a quoted string instead");
            }
        }
        if (f.indented
                && (value.contains("\n")
                        || (head.isBlank() && !value.isEmpty() && Character.isWhitespace(value.charAt(0))))) {
            throw TypedValues.refused(
                    s,
                    "is in an indented heredoc (<<-" + f.delimiter + "), whose indentation "
                            + "stripping would change its value: use <<" + f.delimiter + " or a quoted string");
        }
        return template(s, before, value, after, false);
    }

    private static int lastLineBreak(CharSequence s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (s.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The innermost frame at the end of {@code s}. */
    static Frame contextAt(CharSequence s) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(Kind.CODE, null, false));
        int n = s.length();
        for (int i = 0; i < n; i++) {
            Frame f = stack.peek();
            char ch = s.charAt(i);
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            switch (f.kind) {
                case CODE -> i = code(s, i, stack);
                case QUOTED, HEREDOC -> {
                    if ((ch == '$' || ch == '%') && next == ch && i + 2 < n && s.charAt(i + 2) == '{') {
                        i += 2; // $${ and %%{ are the literal text ${ and %{
                    } else if ((ch == '$' || ch == '%') && next == '{') {
                        Frame inner = new Frame(Kind.CODE, null, false);
                        inner.braces = 1;
                        stack.push(inner);
                        i++;
                    } else if (f.kind == Kind.QUOTED && ch == '\\') {
                        i++;
                    } else if (f.kind == Kind.QUOTED && (ch == '"' || ch == '\n')) {
                        stack.pop();
                    } else if (f.kind == Kind.HEREDOC && ch == '\n' && closes(s, i + 1, f.delimiter)) {
                        stack.pop();
                        i = s.toString().indexOf(f.delimiter, i + 1) + f.delimiter.length() - 1;
                    }
                }
                case LINE_COMMENT -> {
                    if (ch == '\n') {
                        stack.pop();
                    }
                }
                case BLOCK_COMMENT -> {
                    if (ch == '*' && next == '/') {
                        stack.pop();
                        i++;
                    }
                }
            }
        }
        return stack.peek();
    }

    /** One character of code at {@code i}; returns the index of the last character consumed. */
    private static int code(CharSequence s, int i, Deque<Frame> stack) {
        Frame f = stack.peek();
        char ch = s.charAt(i);
        char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        if (ch == '#' || (ch == '/' && next == '/')) {
            stack.push(new Frame(Kind.LINE_COMMENT, null, false));
            return ch == '#' ? i : i + 1;
        }
        if (ch == '/' && next == '*') {
            stack.push(new Frame(Kind.BLOCK_COMMENT, null, false));
            return i + 1;
        }
        if (ch == '"') {
            stack.push(new Frame(Kind.QUOTED, null, false));
            return i;
        }
        if (ch == '<' && next == '<') {
            int j = i + 2;
            boolean indented = j < s.length() && s.charAt(j) == '-';
            j += indented ? 1 : 0;
            int nameStart = j;
            while (j < s.length()
                    && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '-')) {
                j++;
            }
            if (j > nameStart && j < s.length() && (s.charAt(j) == '\n' || s.charAt(j) == '\r')) {
                stack.push(new Frame(Kind.HEREDOC, s.subSequence(nameStart, j).toString(), indented));
                return s.charAt(j) == '\r' && j + 1 < s.length() ? j + 1 : j;
            }
            return i + 1;
        }
        if (f.braces > 0 && ch == '{') {
            f.braces++;
        } else if (f.braces > 0 && ch == '}' && --f.braces == 0) {
            stack.pop();
        }
        return i;
    }

    /** True when the line starting at {@code from} is the heredoc's delimiter, alone (white space around it aside). */
    private static boolean closes(CharSequence s, int from, String delimiter) {
        int end = from;
        while (end < s.length() && s.charAt(end) != '\n') {
            end++;
        }
        return end < s.length() && s.subSequence(from, end).toString().strip().equals(delimiter);
    }
}
