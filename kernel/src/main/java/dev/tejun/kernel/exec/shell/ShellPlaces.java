package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.template.Slot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a POSIX shell script far enough to tell, for each slot, what it sits in: a bare word, a double- or
 * single-quoted string, {@code $'…'}, {@code ${…}} inside double quotes, an arithmetic expression, a comment, or a
 * here-document body, and how many backquote substitutions around it will strip a level of backslashes. A slot's
 * own text is opaque: it is skipped as one word. The reading follows bash and dash where they agree; constructs
 * outside that (nested backquotes, a {@code case} pattern's {@code )} inside {@code $(…)}) are read approximately.
 */
final class ShellPlaces {

    enum Kind {
        WORD,
        DOUBLE,
        SINGLE,
        DOLLAR_SINGLE,
        BRACE_IN_DOUBLE,
        ARITHMETIC,
        COMMENT,
        BODY,
        QUOTED_BODY
    }

    /** A here-document: its delimiter word without quotes, whether it was quoted, whether {@code <<-} strips tabs. */
    record HereDoc(String delimiter, boolean quoted, boolean stripTabs) {}

    /**
     * Where one slot sits. {@code lineStart}: in a here-document body, what precedes the slot on its line is
     * nothing (or only tabs, which {@code <<-} strips), so the value's first line could be read as the delimiter.
     */
    record Place(Kind kind, int backquotes, HereDoc hereDoc, boolean lineStart) {}

    private final String s;
    private final Map<Integer, Integer> slotAt = new HashMap<>();
    private final List<Slot> slots;
    private final Place[] places;
    private final Deque<HereDoc> pending = new ArrayDeque<>();
    private int backquotes;

    private ShellPlaces(String text, List<Slot> slots) {
        this.s = text;
        this.slots = slots;
        this.places = new Place[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            slotAt.put(slots.get(i).reference().start(), i);
        }
    }

    /** The place of each slot, in the order of {@code slots}. */
    static Place[] of(String text, List<Slot> slots) {
        ShellPlaces p = new ShellPlaces(text, slots);
        p.commands(0, (char) 0);
        for (int i = 0; i < p.places.length; i++) {
            if (p.places[i] == null) {
                p.places[i] = new Place(Kind.WORD, 0, null, false);
            }
        }
        return p.places;
    }

    /** If a slot starts at {@code i}, records it and answers the index after it; else -1. */
    private int slot(int i, Kind kind, HereDoc doc) {
        Integer n = slotAt.get(i);
        if (n == null) {
            return -1;
        }
        int from = s.lastIndexOf('\n', i - 1) + 1;
        String before = s.substring(from, i);
        boolean lineStart = doc != null && (doc.stripTabs() ? before.matches("\t*") : before.isEmpty());
        places[n] = new Place(kind, backquotes, doc, lineStart);
        return slots.get(n).reference().end();
    }

    /** Commands up to {@code closer} ({@code )} of {@code $(}, a backquote, or 0 for the end); index after it. */
    private int commands(int i, char closer) {
        int parens = 0;
        boolean wordStart = true;
        while (i < s.length()) {
            int after = slot(i, Kind.WORD, null);
            if (after >= 0) {
                i = after;
                wordStart = false;
                continue;
            }
            char c = s.charAt(i);
            if (closer == '`' && c == '`') {
                return i + 1;
            }
            if (c == ')' && closer == ')' && parens == 0) {
                return i + 1;
            }
            boolean separator = false;
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                i = single(i + 1, Kind.SINGLE);
            } else if (c == '"') {
                i = doubled(i + 1);
            } else if (s.startsWith("$'", i)) {
                i = single(i + 2, Kind.DOLLAR_SINGLE);
            } else if (c == '$' || c == '`') {
                i = substitution(i, false);
            } else if (c == '#' && wordStart) {
                i = comment(i);
            } else if (s.startsWith("<<", i) && !s.startsWith("<<<", i)) {
                i = hereDocOperator(i);
            } else if (c == '\n') {
                i = pending.isEmpty() ? i + 1 : bodies(i + 1);
                separator = true;
            } else {
                if (c == '(') {
                    parens++;
                } else if (c == ')') {
                    parens--;
                }
                separator = Character.isWhitespace(c) || ";&|()<>".indexOf(c) >= 0;
                i++;
            }
            wordStart = separator;
        }
        return i;
    }

    /**
     * {@code $((…))}, {@code $(…)}, {@code ${…}} or a backquoted command at {@code i}; index after it. A lone
     * {@code $} is one character.
     */
    private int substitution(int i, boolean inDouble) {
        if (s.charAt(i) == '`') {
            backquotes++;
            try {
                return commands(i + 1, '`');
            } finally {
                backquotes--;
            }
        }
        if (s.startsWith("$((", i)) {
            return arithmetic(i + 3);
        }
        if (s.startsWith("$(", i)) {
            return commands(i + 2, ')');
        }
        if (s.startsWith("${", i)) {
            return brace(i + 2, inDouble);
        }
        return i + 1;
    }

    private int single(int i, Kind kind) {
        while (i < s.length()) {
            int after = slot(i, kind, null);
            if (after >= 0) {
                i = after;
                continue;
            }
            char c = s.charAt(i);
            if (c == '\\' && kind == Kind.DOLLAR_SINGLE) {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    private int doubled(int i) {
        while (i < s.length()) {
            int after = slot(i, Kind.DOUBLE, null);
            if (after >= 0) {
                i = after;
                continue;
            }
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i += 2;
            } else if (c == '$' || c == '`') {
                i = substitution(i, true);
            } else {
                i++;
            }
        }
        return i;
    }

    /** The inside of {@code ${…}}; in double quotes a slot there is escaped with backslashes. */
    private int brace(int i, boolean inDouble) {
        Kind kind = inDouble ? Kind.BRACE_IN_DOUBLE : Kind.WORD;
        while (i < s.length()) {
            int after = slot(i, kind, null);
            if (after >= 0) {
                i = after;
                continue;
            }
            char c = s.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == '\\') {
                i += 2;
            } else if (c == '\'' && !inDouble) {
                i = single(i + 1, Kind.SINGLE);
            } else if (c == '"') {
                i = doubled(i + 1);
            } else if (c == '$' || c == '`') {
                i = substitution(i, inDouble);
            } else {
                i++;
            }
        }
        return i;
    }

    private int arithmetic(int i) {
        int parens = 0;
        while (i < s.length()) {
            int after = slot(i, Kind.ARITHMETIC, null);
            if (after >= 0) {
                i = after;
                continue;
            }
            char c = s.charAt(i);
            if (c == ')' && parens == 0) {
                return s.startsWith("))", i) ? i + 2 : i + 1;
            }
            if (c == '(') {
                parens++;
                i++;
            } else if (c == ')') {
                parens--;
                i++;
            } else if (c == '$' || c == '`') {
                i = substitution(i, false);
            } else {
                i++;
            }
        }
        return i;
    }

    /** Up to (not over) the newline that ends the comment. */
    private int comment(int i) {
        while (i < s.length() && s.charAt(i) != '\n') {
            int after = slot(i, Kind.COMMENT, null);
            i = after >= 0 ? after : i + 1;
        }
        return i;
    }

    /** {@code <<WORD} or {@code <<-WORD}: notes the here-document whose body starts after the next newline. */
    private int hereDocOperator(int i) {
        i += 2;
        boolean strip = i < s.length() && s.charAt(i) == '-';
        if (strip) {
            i++;
        }
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || ";&|()<>".indexOf(c) >= 0) {
                break;
            }
            if (c == '\'' || c == '"') {
                quoted = true;
                int close = s.indexOf(c, i + 1);
                int end = close < 0 ? s.length() : close;
                word.append(s, i + 1, end);
                i = Math.min(s.length(), end + 1);
            } else if (c == '\\') {
                quoted = true;
                if (i + 1 < s.length()) {
                    word.append(s.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        pending.add(new HereDoc(word.toString(), quoted, strip));
        return i;
    }

    /** The bodies of the pending here-documents, which start at {@code i}; index after the last delimiter line. */
    private int bodies(int i) {
        while (!pending.isEmpty()) {
            HereDoc doc = pending.poll();
            int start = i;
            int end = s.length();
            int next = s.length();
            while (i < s.length()) {
                int nl = s.indexOf('\n', i);
                int lineEnd = nl < 0 ? s.length() : nl;
                String line = s.substring(i, lineEnd);
                if ((doc.stripTabs() ? line.replaceFirst("^\t+", "") : line).equals(doc.delimiter())) {
                    end = i;
                    next = nl < 0 ? s.length() : nl + 1;
                    break;
                }
                i = nl < 0 ? s.length() : nl + 1;
            }
            body(start, end, doc);
            i = next;
        }
        return i;
    }

    /** A body is expanded (unless its delimiter was quoted) but not parsed: quotes in it are plain characters. */
    private void body(int i, int end, HereDoc doc) {
        Kind kind = doc.quoted() ? Kind.QUOTED_BODY : Kind.BODY;
        while (i < end) {
            int after = slot(i, kind, doc);
            if (after >= 0) {
                i = after;
                continue;
            }
            char c = s.charAt(i);
            if (!doc.quoted() && c == '\\') {
                i += 2;
            } else if (!doc.quoted() && (c == '$' || c == '`')) {
                i = Math.min(end, substitution(i, true));
            } else {
                i++;
            }
        }
    }
}
