package dev.tejun.kernel.exec.cmdb;

import java.util.Locale;
import java.util.Set;

/**
 * Checks a cell body before SQLite sees it: one statement, starting with SELECT, WITH or VALUES. The read-only
 * connection would refuse most writes anyway, but not ATTACH or a PRAGMA that changes the connection, and its
 * error ("attempt to write a readonly database") does not tell an operator what to do instead.
 */
final class QueryText {

    private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES");

    private QueryText() {}

    /** Refusal with the message the cell fails with. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static final String READ_ONLY = "cmdb cells are read-only: change the CMDB through the grid, REST or an Excel"
            + " upload, where every change is validated and journaled";

    /** The one statement of {@code code}, without its trailing semicolon. */
    static String single(String code) throws Refused {
        int start = skipBlank(code, 0);
        if (start == code.length()) {
            throw new Refused("the cell has no query");
        }
        String keyword = word(code, start).toUpperCase(Locale.ROOT);
        if (!QUERIES.contains(keyword)) {
            throw new Refused((keyword.isEmpty() ? "this statement" : keyword) + " is refused: a cmdb cell runs one"
                    + " query starting with SELECT, WITH or VALUES. " + READ_ONLY);
        }
        int end = statementEnd(code, start);
        if (end < code.length() && skipBlankAndSemicolons(code, end) < code.length()) {
            throw new Refused("a cmdb cell runs one query; this one has a second statement after ';'");
        }
        return code.substring(start, end).strip();
    }

    /** Index of the first top-level ';' (or the end), skipping literals, quoted names and comments. */
    private static int statementEnd(String s, int i) throws Refused {
        while (i < s.length()) {
            char c = s.charAt(i);
            switch (c) {
                case ';' -> {
                    return i;
                }
                case '\'', '"', '`' -> i = closing(s, i, c);
                case '[' -> i = closing(s, i, ']');
                case '-', '/' -> {
                    int after = skipComment(s, i);
                    i = after == i ? i + 1 : after;
                }
                default -> i++;
            }
        }
        return i;
    }

    /** Index after the quote that closes the one at {@code open} (a doubled quote is part of the text). */
    private static int closing(String s, int open, char quote) throws Refused {
        int i = open + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (quote != ']' && i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new Refused("the query has an unclosed " + quote);
    }

    private static int skipBlank(String s, int i) {
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int after = skipComment(s, i);
            if (after == i) {
                return i;
            }
            i = after;
        }
        return i;
    }

    private static int skipBlankAndSemicolons(String s, int i) {
        i = skipBlank(s, i);
        while (i < s.length() && s.charAt(i) == ';') {
            i = skipBlank(s, i + 1);
        }
        return i;
    }

    /** Index after a comment starting at {@code i}, or {@code i} when none starts there. */
    private static int skipComment(String s, int i) {
        if (s.startsWith("--", i)) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl + 1;
        }
        if (s.startsWith("/*", i)) {
            int close = s.indexOf("*/", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        return i;
    }

    private static String word(String s, int i) {
        int end = i;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(i, end);
    }
}
