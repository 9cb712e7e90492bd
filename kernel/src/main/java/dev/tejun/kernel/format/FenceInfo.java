package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.CellAttributes;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The info string of a fence, {@code LANG {#id .flag key=value key="quoted value"}}, read Pandoc-style.
 * The braces are optional ({@code sh timeout=5} reads the same). A bare value may contain a
 * {@code ${params.x}} reference: its closing brace does not close the attribute block. Runme's forms are read
 * too (see {@link ForeignAttributes}).
 */
public record FenceInfo(String language, Attributes attributes) {

    /** Attribute keys some executor of Tejun reads ({@link CellAttributes}); {@link RunbookCheck} checks each cell's. */
    public static final Set<String> KNOWN_KEYS = CellAttributes.keys();

    /** Reads the info string of the opening fence line (the line without its ending). */
    static FenceInfo ofFenceLine(String fenceLine, int line, List<Problem> problems) {
        String s = fenceLine.stripLeading();
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '`' || s.charAt(i) == '~')) {
            i++;
        }
        return parse(s.substring(i), line, problems);
    }

    /**
     * Reads an info string. Syntax slips become warnings in {@code problems} (at {@code line}) and
     * the rest is read as well as possible.
     */
    public static FenceInfo parse(String info, int line, List<Problem> problems) {
        String s = info.strip();
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '{') {
            i++;
        }
        String language = s.substring(0, i);
        String rest = s.substring(i).strip();
        if (rest.isEmpty()) {
            return new FenceInfo(language, Attributes.NONE);
        }
        Attributes attributes = ForeignAttributes.isJson(rest)
                ? ForeignAttributes.json(rest, line, problems)
                : new Scanner(rest, line, problems).attributes();
        return new FenceInfo(language, ForeignAttributes.mapped(attributes, line, problems));
    }

    /** One pass over the attribute text. */
    private static final class Scanner {
        private final String s;
        private final int line;
        private final List<Problem> problems;
        private final boolean braced;
        private int pos;
        private String id;
        private final List<String> classes = new ArrayList<>();
        private final Map<String, String> values = new LinkedHashMap<>();

        Scanner(String s, int line, List<Problem> problems) {
            this.braced = s.startsWith("{");
            this.s = s;
            this.line = line;
            this.problems = problems;
            this.pos = braced ? 1 : 0;
        }

        Attributes attributes() {
            boolean closed = !braced;
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    break;
                }
                if (braced && s.charAt(pos) == '}') {
                    pos++;
                    closed = true;
                    break;
                }
                token();
            }
            if (!closed) {
                warn("attributes are missing their closing '}'");
            }
            if (pos < s.length() && !s.substring(pos).isBlank()) {
                warn("text after the attributes is ignored: " + s.substring(pos).strip());
            }
            return new Attributes(id, classes, values);
        }

        private void token() {
            char c = s.charAt(pos);
            if (c == '#') {
                pos++;
                String word = word();
                if (id != null) {
                    warn("a second #id is ignored: #" + word);
                } else if (word.isEmpty()) {
                    warn("'#' without an id");
                } else {
                    id = word;
                }
                return;
            }
            if (c == '.') {
                pos++;
                addClass(word());
                return;
            }
            String key = key();
            if (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
                String value = value();
                if (key.isEmpty()) {
                    warn("a value without a key is ignored: =" + value);
                } else {
                    if (values.containsKey(key)) {
                        warn("attribute " + key + " is given twice; the last one counts");
                    }
                    values.put(key, value);
                }
            } else if (key.isEmpty()) {
                warn("unexpected character '" + s.charAt(pos) + "'");
                pos++;
            } else {
                addClass(key); // a bare word reads as a flag, like .word
            }
        }

        private void addClass(String word) {
            if (!word.isEmpty() && !classes.contains(word)) {
                classes.add(word);
            }
        }

        private String key() {
            int start = pos;
            while (pos < s.length()
                    && !Character.isWhitespace(s.charAt(pos))
                    && s.charAt(pos) != '='
                    && !(braced && s.charAt(pos) == '}')
                    && s.charAt(pos) != '"'
                    && s.charAt(pos) != '\'') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String word() {
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && !(braced && s.charAt(pos) == '}')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String value() {
            if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
                return quoted(s.charAt(pos));
            }
            int start = pos;
            int depth = 0; // inside ${...}, a '}' belongs to the reference
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                char c = s.charAt(pos);
                if (c == '$' && pos + 1 < s.length() && s.charAt(pos + 1) == '{') {
                    depth++;
                    pos++;
                } else if (c == '}') {
                    if (depth == 0 && braced) {
                        break;
                    }
                    depth = Math.max(0, depth - 1);
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private String quoted(char quote) {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                // only \" and \\ are escapes, so a Windows path like "C:\tmp" survives as written
                if (c == '\\' && pos < s.length() && (s.charAt(pos) == quote || s.charAt(pos) == '\\')) {
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            warn("a quoted value is missing its closing " + quote);
            return out.toString();
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void warn(String message) {
            problems.add(Problem.warning(line, message));
        }
    }
}
