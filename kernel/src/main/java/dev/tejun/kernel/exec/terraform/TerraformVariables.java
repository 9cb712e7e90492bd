package dev.tejun.kernel.exec.terraform;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code variable "name" { … }} blocks of HCL text, and whether each has a default. Only as much HCL as that
 * needs is read: block bodies are matched by counting braces outside strings.
 */
public final class TerraformVariables {

    private static final Pattern BLOCK = Pattern.compile("(?m)^\\s*variable\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern DEFAULT = Pattern.compile("(?m)^\\s*default\\s*=");

    private TerraformVariables() {}

    /** Variable name → whether it has a default. */
    public static Map<String, Boolean> declared(String hcl) {
        Map<String, Boolean> out = new TreeMap<>();
        Matcher m = BLOCK.matcher(hcl);
        while (m.find()) {
            String body = body(hcl, m.end());
            out.put(m.group(1), DEFAULT.matcher(topLevel(body)).find());
        }
        return out;
    }

    private static String body(String text, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (!inString && c == '{') {
                depth++;
            } else if (!inString && c == '}' && --depth == 0) {
                return text.substring(from, i);
            }
        }
        return text.substring(from);
    }

    /** The body without nested blocks, so that a {@code default} inside {@code validation { }} does not count. */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
