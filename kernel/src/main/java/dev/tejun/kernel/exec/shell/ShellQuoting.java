package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts values into POSIX shell text (sh, bash, and the remote shell of an ssh cell) as one word of data, written
 * for the place the reference sits in ({@link ShellPlaces}): a bare word becomes {@code 'value'} ({@code '\''} for
 * an embedded quote); inside {@code "…"} the string is closed, the single-quoted word put in, and reopened; inside
 * {@code '…'} and {@code $'…'} likewise; inside {@code ${x:-…}} in double quotes
 * {@code \ $ ` " }} are escaped (or the value is printed by {@code printf} when it has a quote); in an unquoted here-document body {@code \ $ `} are escaped (the body is
 * expanded, not parsed); in a quoted body the value goes in as it is (nothing expands there); in a comment a
 * newline cannot end the comment. Inside backquotes each level gets one more layer of backslashes. A line of the
 * value that would end a here-document is kept from doing so, or refused where that cannot be done.
 */
public final class ShellQuoting implements Quoting {

    public static final ShellQuoting INSTANCE = new ShellQuoting();

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    /** Expands to nothing in every POSIX shell: {@code $-} with all of it removed. */
    private static final String NOTHING = "${-%%*}";

    private ShellQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        ShellPlaces.Place[] places = ShellPlaces.of(text, slots);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            out.append(text, at, slot.reference().start());
            out.append(slot.reference().raw() ? slot.value() : put(slot, places[i]));
            at = slot.reference().end();
        }
        return Rendered.inline(out.append(text, at, text.length()).toString());
    }

    /** {@code value} as one shell word with nothing special in it. */
    public static String word(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String put(Slot slot, ShellPlaces.Place place) {
        String v = slot.value();
        String written = switch (place.kind()) {
            case WORD -> word(v);
            case DOUBLE -> "\"" + word(v) + "\"";
            case SINGLE -> v.replace("'", "'\\''");
            case DOLLAR_SINGLE -> "'" + word(v) + "$'";
            case BRACE_IN_DOUBLE -> braceInDouble(v);
            case ARITHMETIC -> number(slot);
            case COMMENT -> v.replace("\n", "\n#");
            case BODY -> body(backslashed(v, "\\$`"), place);
            case QUOTED_BODY -> quotedBody(slot, place);
        };
        for (int i = 0; i < place.backquotes(); i++) {
            written = backslashed(written, "\\$`");
        }
        return written;
    }

    /**
     * bash reads a {@code '} inside {@code "${x:-…}"} as a plain character and dash as a quote, so a value with one
     * is printed by a command substitution (one word, parsed afresh), its trailing newlines (which a substitution
     * drops) written after it.
     */
    private static String braceInDouble(String v) {
        if (v.indexOf('\'') < 0) {
            return backslashed(v, "\\$`\"}");
        }
        int end = v.length();
        while (end > 0 && v.charAt(end - 1) == '\n') {
            end--;
        }
        return "$(printf '%s' " + word(v.substring(0, end)) + ")" + v.substring(end);
    }

    private static String backslashed(String v, String special) {
        StringBuilder out = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (special.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Arithmetic evaluates names and (in bash) subscripts as code, so only a plain integer may go there. */
    private static String number(Slot slot) {
        if (!INTEGER.matcher(slot.value()).matches()) {
            throw new IllegalArgumentException("${" + slot.reference().name() + "} sits in an arithmetic expression"
                    + " and its value is not an integer");
        }
        return slot.value();
    }

    /**
     * Each line of the value that starts a line of the body gets an empty expansion in front, so that it can
     * neither be the delimiter nor lose its leading tabs to {@code <<-}.
     */
    private static String body(String escaped, ShellPlaces.Place place) {
        String[] lines = escaped.split("\n", -1);
        StringBuilder out = new StringBuilder(escaped.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            if ((i > 0 || place.lineStart()) && guard(lines[i], place.hereDoc())) {
                out.append(NOTHING);
            }
            out.append(lines[i]);
        }
        return out.toString();
    }

    private static boolean guard(String line, ShellPlaces.HereDoc doc) {
        return doc.stripTabs()
                ? line.startsWith("\t") || line.startsWith(doc.delimiter())
                : line.startsWith(doc.delimiter());
    }

    /** Nothing expands in a quoted body, so a value line that would end it cannot be written there. */
    private static String quotedBody(Slot slot, ShellPlaces.Place place) {
        String[] lines = slot.value().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if ((i > 0 || place.lineStart()) && guard(lines[i], place.hereDoc())) {
                throw new IllegalArgumentException(
                        "the value of ${" + slot.reference().name() + "} has a line that"
                                + " would end the quoted here-document "
                                + place.hereDoc().delimiter()
                                + " (or lose its tabs); use an unquoted here-document or a plain word");
            }
        }
        return slot.value();
    }
}
