package dev.tejun.kernel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${params.x}}, {@code ${cells.ID.field}} and {@code ${cmdb.SHEET.HOST.COLUMN}} in a cell's code.
 * Other {@code ${…}} (shell variables) and {@code {{ … }}} (Jinja) are left alone. Any reference that does not
 * resolve fails the whole substitution, so nothing runs with a hole in it.
 */
public final class Substitution {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{((?:params|cells|cmdb)\\.[A-Za-z0-9_.\\-]+)}");

    private Substitution() {
    }

    public static final class Unresolved extends IllegalArgumentException {
        private final List<String> references;

        Unresolved(List<String> references) {
            super("unresolved " + (references.size() == 1 ? "reference " : "references ")
                    + String.join(", ", references.stream().map(r -> "${" + r + "}").toList()));
            this.references = List.copyOf(references);
        }

        public List<String> references() {
            return references;
        }
    }

    /** {@code lookup} gets a reference such as {@code params.env} and answers its value, or empty. */
    public static String apply(String code, Function<String, Optional<String>> lookup) {
        Matcher m = REFERENCE.matcher(code);
        StringBuilder out = new StringBuilder(code.length());
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String ref = m.group(1);
            Optional<String> value = lookup.apply(ref);
            if (value.isEmpty()) {
                if (!missing.contains(ref)) {
                    missing.add(ref);
                }
                m.appendReplacement(out, "");
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
            }
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new Unresolved(missing);
        }
        return out.toString();
    }

    /** Every reference in {@code code}, for checks before running. */
    public static List<String> references(String code) {
        List<String> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            refs.add(m.group(1));
        }
        return refs;
    }
}
