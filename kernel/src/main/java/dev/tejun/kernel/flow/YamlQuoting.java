package dev.tejun.kernel.flow;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts values into a flow cell's body (a YAML mapping of param names to values) so that a value is exactly one
 * scalar and can never add a key: the scalar a reference sits in is written as a double-quoted scalar with every
 * special character escaped (a plain or single-quoted scalar is rewritten as one), and in a comment a newline
 * cannot end the comment. A reference in a key or in a block or flow collection is refused.
 */
final class YamlQuoting implements Quoting {

    static final YamlQuoting INSTANCE = new YamlQuoting();

    private YamlQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        int next = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            List<Slot> here = new ArrayList<>();
            while (next < slots.size() && slots.get(next).reference().start() < lineEnd) {
                here.add(slots.get(next++));
            }
            out.append(here.isEmpty() ? text.substring(lineStart, lineEnd) : line(text, lineStart, lineEnd, here));
            if (nl >= 0) {
                out.append('\n');
            }
            lineStart = lineEnd + 1;
        }
        return Rendered.inline(out.toString());
    }

    private static String line(String text, int from, int to, List<Slot> slots) {
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        if (i < to && text.charAt(i) == '#') {
            return verbatim(text, from, to, slots, true);
        }
        int valueStart = valueStart(text, i, to);
        if (valueStart < 0 || slots.getFirst().reference().start() < valueStart) {
            throw refused(slots.getFirst());
        }
        StringBuilder out = new StringBuilder(text.substring(from, valueStart));
        char first = valueStart < to ? text.charAt(valueStart) : ' ';
        int end = switch (first) {
            case '"' -> doubleEnd(text, valueStart, to);
            case '\'' -> singleEnd(text, valueStart, to);
            default -> {
                if ("|>[{&*!%@`".indexOf(first) >= 0) {
                    throw refused(slots.getFirst());
                }
                yield plainEnd(text, valueStart, to);
            }
        };
        List<Slot> inScalar =
                slots.stream().filter(s -> s.reference().start() < end).toList();
        List<Slot> after = slots.subList(inScalar.size(), slots.size());
        out.append('"');
        int at = first == '"' || first == '\'' ? valueStart + 1 : valueStart;
        int close = first == '"' || first == '\'' ? end - 1 : end;
        for (Slot s : inScalar) {
            out.append(literal(text.substring(at, s.reference().start()), first));
            out.append(s.reference().raw() ? s.value() : escape(s.value()));
            at = s.reference().end();
        }
        out.append(literal(text.substring(at, close), first)).append('"');
        // what follows the scalar on its line can only be blanks and a comment
        out.append(verbatim(text, end, to, after, true));
        return out.toString();
    }

    /** The text of a scalar as it goes between double quotes. */
    private static String literal(String piece, char opened) {
        return switch (opened) {
            case '"' -> piece;
            case '\'' -> escape(piece.replace("''", "'"));
            default -> escape(piece);
        };
    }

    /** A stretch put in as it is, with values that cannot end a comment. */
    private static String verbatim(String text, int from, int to, List<Slot> slots, boolean comment) {
        StringBuilder out = new StringBuilder();
        int at = from;
        for (Slot s : slots) {
            out.append(text, at, s.reference().start());
            String v = s.value();
            out.append(
                    s.reference().raw() || !comment ? v : v.replace('\n', ' ').replace('\r', ' '));
            at = s.reference().end();
        }
        return out.append(text, at, to).toString();
    }

    /** Where the value of a {@code key: value} (or {@code - value}) line starts, or -1. */
    private static int valueStart(String text, int i, int to) {
        if (text.startsWith("- ", i)) {
            return skipBlanks(text, i + 2, to);
        }
        char q = 0;
        for (int j = i; j < to; j++) {
            char c = text.charAt(j);
            if (q != 0) {
                q = c == q ? 0 : q;
            } else if (c == '"' || c == '\'') {
                q = c;
            } else if (c == ':' && (j + 1 == to || text.charAt(j + 1) == ' ')) {
                return skipBlanks(text, j + 1, to);
            }
        }
        return -1;
    }

    private static int skipBlanks(String text, int i, int to) {
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int doubleEnd(String text, int open, int to) {
        for (int j = open + 1; j < to; j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j + 1;
            }
        }
        return to;
    }

    private static int singleEnd(String text, int open, int to) {
        for (int j = open + 1; j < to; j++) {
            if (text.charAt(j) == '\'') {
                if (j + 1 < to && text.charAt(j + 1) == '\'') {
                    j++;
                } else {
                    return j + 1;
                }
            }
        }
        return to;
    }

    /** A plain scalar ends at a comment ({@code " #"}) or the line's end, without trailing blanks. */
    private static int plainEnd(String text, int start, int to) {
        int end = to;
        for (int j = start; j < to; j++) {
            if (text.charAt(j) == '#' && j > start && (text.charAt(j - 1) == ' ' || text.charAt(j - 1) == '\t')) {
                end = j;
                break;
            }
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    /** The inside of a YAML double-quoted scalar: JSON-style escapes, and every non-printable as {@code \\uXXXX}. */
    static String escape(String v) {
        StringBuilder out = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean printable = c >= 0x20
                            && c != 0x7F
                            && !(c >= 0x80 && c <= 0x9F)
                            && c != 0x2028
                            && c != 0x2029
                            && c != 0xFEFF
                            && c < 0xFFFE
                            && !(Character.isSurrogate(c) && !paired(v, i));
                    if (printable) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean paired(String v, int i) {
        char c = v.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
    }

    private static IllegalArgumentException refused(Slot slot) {
        return new IllegalArgumentException("${" + slot.reference().name() + "} in a flow cell must be a param's value"
                + " (key: value), not a key or part of a block or collection");
    }
}
