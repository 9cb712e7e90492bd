package dev.tejun.kernel.exec.cmdb;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts values into SQLite SQL as bound parameters: a reference becomes {@code ?} and its value goes to
 * {@link Rendered#bound()}, bound in order by the executor, so no value is ever parsed as SQL. Inside a string
 * literal the literal is split around it ({@code 'a' || ? || 'b'}); a param declared integer or number is bound
 * through a {@code CAST} so it compares as a number. In a quoted name the value is escaped as part of the name, and
 * in a comment it cannot end the comment.
 */
final class SqlQuoting implements Quoting {

    static final SqlQuoting INSTANCE = new SqlQuoting();

    private enum Place {
        CODE,
        STRING,
        NAME,
        BRACKETED,
        LINE_COMMENT,
        BLOCK_COMMENT
    }

    private SqlQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> bound = new ArrayList<>();
        Place place = Place.CODE;
        char quote = 0;
        int next = 0;
        int i = 0;
        while (i < text.length()) {
            if (next < slots.size() && slots.get(next).reference().start() == i) {
                Slot slot = slots.get(next++);
                out.append(slot.reference().raw() ? slot.value() : put(slot, place, quote, bound));
                i = slot.reference().end();
                continue;
            }
            char c = text.charAt(i);
            out.append(c);
            i++;
            switch (place) {
                case CODE -> {
                    if (c == '\'') {
                        place = Place.STRING;
                    } else if (c == '"' || c == '`') {
                        place = Place.NAME;
                        quote = c;
                    } else if (c == '[') {
                        place = Place.BRACKETED;
                    } else if (c == '-' && i < text.length() && text.charAt(i) == '-') {
                        place = Place.LINE_COMMENT;
                    } else if (c == '/' && i < text.length() && text.charAt(i) == '*') {
                        out.append('*');
                        i++;
                        place = Place.BLOCK_COMMENT;
                    }
                }
                // a doubled quote is part of the text: it closes and at once reopens, which this reads the same way
                case STRING -> place = c == '\'' ? Place.CODE : place;
                case NAME -> place = c == quote ? Place.CODE : place;
                case BRACKETED -> place = c == ']' ? Place.CODE : place;
                case LINE_COMMENT -> place = c == '\n' ? Place.CODE : place;
                case BLOCK_COMMENT -> {
                    if (c == '*' && i < text.length() && text.charAt(i) == '/') {
                        out.append('/');
                        i++;
                        place = Place.CODE;
                    }
                }
            }
        }
        return new Rendered(out.toString(), bound, Map.of());
    }

    private static String put(Slot slot, Place place, char quote, List<String> bound) {
        String v = slot.value();
        return switch (place) {
            case CODE -> {
                bound.add(v);
                yield switch (slot.type()) {
                    case "integer" -> "CAST(? AS INTEGER)";
                    case "number" -> "CAST(? AS REAL)";
                    default -> "?";
                };
            }
            case STRING -> {
                bound.add(v);
                yield "' || ? || '";
            }
            case NAME -> v.replace(String.valueOf(quote), String.valueOf(quote) + quote);
            case BRACKETED -> {
                if (v.indexOf(']') >= 0) {
                    throw new IllegalArgumentException(
                            "the value of ${" + slot.reference().name() + "} has a ']'"
                                    + " and sits in a [bracketed name]; use \"…\" around the name");
                }
                yield v;
            }
            case LINE_COMMENT -> v.replace("\n", "\n--");
            case BLOCK_COMMENT -> v.replace("*/", "* /");
        };
    }
}
