package dev.tejun.kernel.exec.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One host's output → observed column → value. Each parser refuses what it cannot read with the offending line,
 * so nothing half-understood reaches the CMDB.
 */
final class Parsers {

    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    /** Output that cannot be read, naming the line. */
    static final class Unparseable extends Exception {
        Unparseable(String message) {
            super(message);
        }
    }

    private Parsers() {}

    /** Checks {@code parse=} and {@code pattern=} before anything runs; returns the error, or null. */
    static String refusal(String parse, String pattern, Set<String> columns) {
        switch (parse) {
            case "keyvalue", "json" -> {
                return null;
            }
            case "regex" -> {
                if (pattern == null) {
                    return "parse=regex needs pattern= with a named group per column, e.g. (?<kernel>\\S+)";
                }
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    return "pattern= is not a regular expression: " + e.getDescription();
                }
                Matcher m = GROUP.matcher(pattern);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    if (!columns.contains(m.group(1))) {
                        return "pattern= names group " + m.group(1) + ", which is no column of the sheet";
                    }
                }
                return any ? null : "pattern= has no named group (?<column>…)";
            }
            default -> {
                return "parse=" + parse + " is not keyvalue, json or regex";
            }
        }
    }

    static Map<String, Object> parse(String parse, String pattern, String text, Set<String> columns)
            throws Unparseable {
        return switch (parse) {
            case "json" -> json(text, columns);
            case "regex" -> regex(Pattern.compile(pattern), text);
            default -> keyValue(text, columns);
        };
    }

    /** {@code column=value} per line; blank lines and {@code #} comments are skipped. */
    static Map<String, Object> keyValue(String text, Set<String> columns) throws Unparseable {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new Unparseable("line " + (i + 1) + " is not column=value: " + shown(line));
            }
            String column = line.substring(0, eq).strip();
            if (!columns.contains(column)) {
                throw new Unparseable("line " + (i + 1) + " names no column of the sheet: " + shown(line));
            }
            out.put(column, line.substring(eq + 1).strip());
        }
        return out;
    }

    /** One JSON object of column → scalar. */
    static Map<String, Object> json(String text, Set<String> columns) throws Unparseable {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Unparseable("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Unparseable("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Unparseable("not a JSON object: " + shown(text.strip()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!columns.contains(f.getKey())) {
                throw new Unparseable("key " + f.getKey() + " names no column of the sheet");
            }
            JsonNode v = f.getValue();
            if (v.isContainerNode()) {
                throw new Unparseable("key " + f.getKey() + " holds " + v + ", not a single value");
            }
            // as text: the store reads it through the column's type, as it does a key=value
            out.put(f.getKey(), v.isNull() ? null : v.asText());
        }
        return out;
    }

    /** The first match of the pattern anywhere in the output; each named group is a column. */
    static Map<String, Object> regex(Pattern pattern, String text) throws Unparseable {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            String first = text.strip().lines().findFirst().orElse("");
            throw new Unparseable("pattern does not match the output (first line: " + shown(first) + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Matcher g = GROUP.matcher(pattern.pattern());
        while (g.find()) {
            out.put(g.group(1), m.group(g.group(1)));
        }
        return out;
    }

    private static String shown(String line) {
        return "'" + (line.length() > 200 ? line.substring(0, 200) + "…" : line) + "'";
    }
}
