package dev.tejun.kernel.flow.def;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References in a flow's param values and branch tests: {@code ${params.NAME}} (the flow's params) and
 * {@code ${nodes.NODE.CELL.FIELD}} (what a cell of an earlier runbook node produced: {@code stdout}, {@code exit},
 * {@code status}, {@code value}). They are resolved by the engine before a node starts; the runbook's own
 * {@code ${…}} in its cells stay for its session.
 */
public final class FlowRefs {

    private static final Pattern REF = Pattern.compile("\\$\\{((?:params|nodes)\\.[A-Za-z0-9_.\\-]+)}");

    private FlowRefs() {
    }

    /** Thrown when a reference has no value; names every reference that failed. */
    public static final class Unresolved extends IllegalArgumentException {
        Unresolved(List<String> refs) {
            super("unresolved " + String.join(", ", refs.stream().map(r -> "${" + r + "}").toList()));
        }
    }

    public static List<String> references(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    public static boolean hasReferences(String text) {
        return REF.matcher(text).find();
    }

    public static String apply(String text, Function<String, Optional<String>> lookup) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            Optional<String> v = lookup.apply(m.group(1));
            if (v.isEmpty()) {
                missing.add(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.orElse("")));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new Unresolved(missing);
        }
        return out.toString();
    }

    /** For {@code nodes.NODE.CELL.FIELD}: the node id, or null when the reference is not of that form. */
    public static String nodeOf(String ref) {
        String[] parts = ref.split("\\.");
        return parts.length == 4 && parts[0].equals("nodes") ? parts[1] : null;
    }
}
