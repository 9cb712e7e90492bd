package dev.tejun.kernel.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The attributes one executor takes: name, type and, for a choice, the allowed values. {@code tejun check} and a
 * run read the same declaration ({@link CellAttributes}), so what one accepts the other does.
 *
 * @param executor the cell languages it serves, for messages ({@code sh/bash/shell})
 */
public record AttributeSchema(String executor, Map<String, Attribute> attributes) {

    /** What a value must look like. */
    public enum Type {
        TEXT,
        BOOLEAN,
        INTEGER,
        /** {@code 30}, {@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h}, as {@code timeout=} reads it. */
        DURATION,
        CHOICE
    }

    /** One attribute: {@code allowed} lists a choice's values. */
    public record Attribute(String name, Type type, List<String> allowed) {

        public Attribute {
            allowed = List.copyOf(allowed);
        }

        static Attribute of(String name, Type type) {
            return new Attribute(name, type, List.of());
        }

        static Attribute choice(String name, String... allowed) {
            return new Attribute(name, Type.CHOICE, List.of(allowed));
        }

        /** Why {@code value} is not of this attribute's type, or null when it is. */
        String refusal(String value) {
            String v = value.strip();
            if (v.isEmpty() || v.contains("${")) {
                return null; // a reference: its value is known only when the cell runs
            }
            boolean fits = switch (type) {
                case TEXT -> true;
                case BOOLEAN -> BOOLEANS.contains(v.toLowerCase(java.util.Locale.ROOT));
                case INTEGER -> INTEGER.matcher(v).matches();
                case DURATION -> DURATION.matcher(v).matches();
                case CHOICE -> allowed.contains(v);
            };
            if (fits) {
                return null;
            }
            return name + "=" + value + " is not "
                    + switch (type) {
                        case BOOLEAN -> "true or false";
                        case INTEGER -> "a whole number";
                        case DURATION -> "a duration (30, 30s, 500ms, 5m or 1h)";
                        default -> "one of " + String.join(", ", allowed);
                    };
        }
    }

    /** As executors read a flag: {@code yes}, {@code 1} and {@code TRUE} are true too. */
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "1", "0");

    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h)?");

    public AttributeSchema {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    static AttributeSchema of(String executor, List<Attribute> common, List<Attribute> own) {
        Map<String, Attribute> all = new LinkedHashMap<>();
        common.forEach(a -> all.put(a.name(), a));
        own.forEach(a -> all.put(a.name(), a));
        return new AttributeSchema(executor, all);
    }

    /**
     * What is wrong with {@code cell}'s attributes, at its line: an error for an attribute another Tejun executor
     * takes but not this one, or a value not of its type; a warning for a key no part of Tejun reads (the info
     * strings of runbooks written for other tools carry their own, such as {@code title=} or {@code linenos}).
     *
     * @param tejunKeys every key some executor of Tejun takes
     * @param skipped   keys the caller reports itself
     */
    public List<Problem> problems(CodeCell cell, Set<String> tejunKeys, Set<String> skipped) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : cell.attributes().values().entrySet()) {
            if (skipped.contains(e.getKey())) {
                continue;
            }
            Attribute attribute = attributes.get(e.getKey());
            String where = "cell " + cell.id() + ": ";
            if (attribute == null) {
                String takes = executor + " cells take " + String.join(", ", attributes.keySet());
                problems.add(
                        tejunKeys.contains(e.getKey())
                                ? Problem.error(cell.line(), where + e.getKey() + "= is not for this cell: " + takes)
                                : Problem.warning(
                                        cell.line(), where + "unknown attribute '" + e.getKey() + "' (" + takes + ")"));
                continue;
            }
            String refusal = attribute.refusal(e.getValue());
            if (refusal != null) {
                problems.add(Problem.error(cell.line(), where + refusal));
            }
        }
        return problems;
    }
}
