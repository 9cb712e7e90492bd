package dev.tejun.cmdb.inventory;

import dev.tejun.cmdb.validation.JsonValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the static YAML inventory directly, as block mappings whose keys and string values are double-quoted
 * scalars — a form YAML 1.1 (PyYAML, what Ansible reads) and YAML 1.2 both parse to exactly the original text,
 * whatever it holds (quotes, colons, newlines, {@code yes}, {@code null}, leading dashes). Inside the quotes,
 * everything YAML would fold or refuse is escaped: control characters, C1 controls, the Unicode line and
 * paragraph separators and the byte-order mark.
 * Numbers and booleans are plain. Jackson's YAML generator did the same job for 10,000 hosts × 30 variables in
 * about half the time of the whole inventory export; the inventory's shape is fixed and small, so a writer of
 * its own is short and cannot drift from it.
 */
final class InventoryYaml {

    /** Keys written plain, for people reading the file: identifiers that no YAML reader takes for anything else. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** YAML 1.1 reads these as booleans or null even as keys ({@code on:} is the key True). */
    private static final Set<String> SPECIAL = Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");

    private InventoryYaml() {}

    static String write(Inventory inventory) {
        StringBuilder out = new StringBuilder(64 + inventory.hosts().size() * 512);
        out.append("---\nall:\n  hosts:");
        if (inventory.hosts().isEmpty()) {
            out.append(" {}");
        }
        out.append('\n');
        for (InventoryHost host : inventory.hosts().values()) {
            out.append("    ");
            key(out, host.name());
            Map<String, Object> vars = InventoryExport.hostVars(host);
            out.append(":\n");
            for (Map.Entry<String, Object> var : vars.entrySet()) {
                out.append("      ");
                key(out, var.getKey());
                out.append(": ");
                scalar(out, var.getValue());
                out.append('\n');
            }
        }
        out.append("  children:");
        if (inventory.groups().isEmpty()) {
            out.append(" {}");
        }
        out.append('\n');
        inventory.groups().forEach((group, names) -> {
            out.append("    ");
            key(out, group);
            out.append(":\n      hosts:\n");
            for (String name : names) {
                out.append("        ");
                key(out, name);
                out.append(": {}\n");
            }
        });
        return out.toString();
    }

    private static void scalar(StringBuilder out, Object value) {
        switch (value) {
            case Boolean b -> out.append(b);
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            // a decimal stays a decimal: plain digits with a point, never 1E+3 (which YAML 1.1 reads as text)
            case BigDecimal d -> {
                String plain = d.toPlainString();
                out.append(plain).append(plain.indexOf('.') < 0 ? ".0" : "");
            }
            // JSON is YAML's flow style: a list or map column stays a list or dict for Ansible
            case List<?> l -> out.append(JsonValues.text(l));
            case Map<?, ?> m -> out.append(JsonValues.text(m));
            default -> quoted(out, value.toString());
        }
    }

    private static void key(StringBuilder out, String text) {
        if (PLAIN_KEY.matcher(text).matches() && !SPECIAL.contains(text.toLowerCase(Locale.ROOT))) {
            out.append(text);
        } else {
            quoted(out, text);
        }
    }

    private static void quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20
                            || (c >= 0x7F && c <= 0x9F)
                            || c == 0x2028
                            || c == 0x2029
                            || c == 0xFEFF
                            || c >= 0xFFFE
                            || Character.isSurrogate(c) && !validPair(text, i)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair (then both halves are written as they are). */
    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
