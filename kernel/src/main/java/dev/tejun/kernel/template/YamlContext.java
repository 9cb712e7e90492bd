package dev.tejun.kernel.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the end of a playbook's text is: in which kind of YAML scalar (and where that scalar starts), inside a
 * Jinja expression or not, and under which keys. Reads as much YAML as a playbook uses (block and flow collections,
 * plain, quoted and block scalars, comments), line by line; it does not validate.
 *
 * @param kind        where the position is
 * @param start       offset where the current scalar's content starts (after its opening quote, or the first line of a
 *                    block scalar), or -1 at a plain scalar's start (only indicators and spaces before it)
 * @param flow        inside a flow collection ({@code [ … ]}, {@code { … }})
 * @param keys        the keys above the position, outermost first
 */
record YamlContext(Kind kind, int start, boolean flow, List<String> keys) {

    enum Kind {
        PLAIN,
        DOUBLE,
        SINGLE,
        BLOCK,
        COMMENT,
        JINJA,
        JINJA_STRING
    }

    /** Keys whose value Ansible evaluates as a bare Jinja expression, without {@code {{ }}}. */
    static final Set<String> EXPRESSION_KEYS = Set.of("when", "changed_when", "failed_when", "until", "that");

    private static final Pattern BLOCK_INDICATOR = Pattern.compile("(^|\\s)[|>][0-9+-]*\\s*$");
    private static final Pattern KEY = Pattern.compile("(?:^|[\\s{,])-?\\s*([A-Za-z_][\\w.]*)\\s*:(?=\\s|$)");

    static YamlContext at(CharSequence text) {
        String s = text.toString();
        YamlContext yaml = structure(s);
        List<String> keys = parentKeys(s);
        keys.addAll(yaml.keys);
        if (yaml.kind == Kind.COMMENT) {
            return new YamlContext(yaml.kind, yaml.start, yaml.flow, keys);
        }
        boolean expression = !keys.isEmpty() && EXPRESSION_KEYS.contains(keys.getLast());
        int from = yaml.start < 0 ? s.length() : yaml.start;
        Kind jinja = jinja(s, from, expression, yaml.kind == Kind.DOUBLE);
        return new YamlContext(jinja == null ? yaml.kind : jinja, yaml.start, yaml.flow, keys);
    }

    /** The YAML layer: which scalar the end of {@code s} is in. */
    private static YamlContext structure(String s) {
        Kind kind = Kind.PLAIN;
        int start = -1;
        int flow = 0;
        int block = -1; // the indentation a block scalar's lines must exceed, while in one
        int blockStart = -1;
        int lineStart = 0;
        int commentAt = -1;
        List<String> lineKeys = new ArrayList<>();
        boolean atLineStart = true;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (atLineStart && kind == Kind.PLAIN) {
                int indent = 0;
                while (i + indent < n && s.charAt(i + indent) == ' ') {
                    indent++;
                }
                int e = s.indexOf('\n', i);
                e = e < 0 ? n : e;
                boolean blank = s.substring(i, e).isBlank();
                if (block >= 0 && (indent > block || (blank && e < n))) {
                    if (e == n) {
                        return new YamlContext(Kind.BLOCK, blockStart, flow > 0, new ArrayList<>());
                    }
                    i = e + 1;
                    lineStart = i;
                    continue;
                }
                block = -1;
                atLineStart = false;
                start = -1;
                lineKeys.clear();
                i += indent;
                continue;
            }
            char c = s.charAt(i);
            char next = i + 1 < n ? s.charAt(i + 1) : '\n';
            boolean spaceNext = next == ' ' || next == '\t' || next == '\n' || next == '\r';
            switch (kind) {
                case DOUBLE -> {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        kind = Kind.PLAIN;
                        start = -2; // a finished scalar: what follows on the line is structure
                    }
                }
                case SINGLE -> {
                    if (c == '\'' && next == '\'') {
                        i++;
                    } else if (c == '\'') {
                        kind = Kind.PLAIN;
                        start = -2;
                    }
                }
                case COMMENT -> {
                    if (c == '\n') {
                        if (BLOCK_INDICATOR
                                .matcher(s.substring(lineStart, commentAt))
                                .find()) {
                            block = keyColumn(s.substring(lineStart, commentAt));
                            blockStart = i + 1;
                        }
                        kind = Kind.PLAIN;
                        atLineStart = true;
                        lineStart = i + 1;
                    }
                }
                default -> {
                    if (c == '\n') {
                        String line = s.substring(lineStart, i);
                        if (BLOCK_INDICATOR.matcher(line).find()) {
                            block = keyColumn(line);
                            blockStart = i + 1;
                        }
                        atLineStart = true;
                        lineStart = i + 1;
                    } else if (c == '#' && (i == lineStart || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                        kind = Kind.COMMENT;
                        commentAt = i;
                    } else if (start >= 0) {
                        // inside a plain scalar: only ": ", and in flow collections , ] }, end it
                        if (c == ':' && (spaceNext || (flow > 0 && ",]}".indexOf(next) >= 0))) {
                            lineKeys.add(s.substring(start, i).strip());
                            start = -1;
                        } else if (flow > 0 && (c == ',' || c == ']' || c == '}')) {
                            flow -= c == ',' ? 0 : 1;
                            start = -1;
                        }
                    } else if (c == ' ' || c == '\t' || c == '\r') {
                        // between nodes
                    } else if (c == '"' && start == -1) {
                        kind = Kind.DOUBLE;
                        start = i + 1;
                    } else if (c == '\'' && start == -1) {
                        kind = Kind.SINGLE;
                        start = i + 1;
                    } else if ((c == '-' || c == '?' || c == ':') && spaceNext) {
                        start = -1;
                    } else if (c == '[' || c == '{') {
                        flow++;
                        start = -1;
                    } else if (flow > 0 && (c == ']' || c == '}' || c == ',')) {
                        flow -= c == ',' ? 0 : 1;
                        start = -1;
                    } else if (c == '&' || c == '!' || c == '*' || c == '|' || c == '>') {
                        while (i + 1 < n && " \t\n".indexOf(s.charAt(i + 1)) < 0) {
                            i++; // an anchor, tag, alias or block indicator: not a scalar of its own
                        }
                    } else if (start == -1) {
                        start = i;
                    }
                }
            }
            i++;
        }
        return new YamlContext(kind, start, flow > 0, lineKeys);
    }

    /** The column a block scalar's lines must pass: that of the line's key, after any "- " of a sequence. */
    private static int keyColumn(String line) {
        int col = 0;
        while (col < line.length() && line.charAt(col) == ' ') {
            col++;
        }
        while (line.startsWith("- ", col) && line.indexOf(": ", col) > 0) {
            col += 2;
            while (col < line.length() && line.charAt(col) == ' ') {
                col++;
            }
        }
        return col;
    }

    /**
     * The Jinja layer inside the scalar's content from {@code from}: JINJA inside an unclosed <code>{{</code>/<code>{%</code>
     * (or anywhere in an expression key's value), JINJA_STRING inside a string literal there, null outside.
     */
    private static Kind jinja(String s, int from, boolean expression, boolean yamlDouble) {
        boolean inside = expression;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (!inside) {
                if (c == '{' && (next == '{' || next == '%')) {
                    inside = true;
                    i++;
                }
            } else if (quote != 0) {
                if (c == '\\' && yamlDouble && next == '"' && quote == '"') {
                    quote = 0;
                    i++;
                } else if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\' && yamlDouble && next == '"') {
                quote = '"';
                i++;
            } else if (!expression && (c == '}' || c == '%') && next == '}') {
                inside = false;
                i++;
            }
        }
        return !inside ? null : quote != 0 ? Kind.JINJA_STRING : Kind.JINJA;
    }

    /** The keys of each line above the last that is less indented than the lines below it, outermost first. */
    private static List<String> parentKeys(String s) {
        String[] lines = s.split("\n", -1);
        List<String> out = new ArrayList<>();
        int indent = indent(lines[lines.length - 1]);
        for (int l = lines.length - 2; l >= 0 && indent > 0; l--) {
            String line = lines[l];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int i = indent(line);
            if (i < indent) {
                out.addAll(0, keysOf(line));
                indent = i;
            }
        }
        return out;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static List<String> keysOf(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = KEY.matcher(line);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
