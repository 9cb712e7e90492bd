package dev.tejun.kernel.template;

/**
 * Reads HCL strings as the HCL native syntax specification defines them (quoted templates: backslash escapes,
 * <code>$${</code> and <code>%%{</code> as literal text; heredocs: the escapes of {@code $} and {@code %} only), written apart
 * from {@link HclQuoting} so that a test checks the quoting against the spec, not against itself. Any interpolation
 * or directive is an error: a value must arrive as a literal.
 */
public final class HclStrings {

    /** The literal value of the quoted string whose opening quote is at {@code from}, and where it ends. */
    public record Read(String value, int end) {}

    public static Read quoted(String hcl, int from) {
        if (hcl.charAt(from) != '"') {
            throw new AssertionError("no quoted string at " + from + ": " + excerpt(hcl, from));
        }
        StringBuilder out = new StringBuilder();
        int i = from + 1;
        while (true) {
            if (i >= hcl.length() || hcl.charAt(i) == '\n') {
                throw new AssertionError("unterminated string: " + excerpt(hcl, from));
            }
            char c = hcl.charAt(i);
            if (c == '"') {
                return new Read(out.toString(), i + 1);
            }
            if (c == '\\') {
                char e = hcl.charAt(i + 1);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'u' -> out.appendCodePoint(Integer.parseInt(hcl.substring(i + 2, i + 6), 16));
                    case 'U' -> out.appendCodePoint(Integer.parseInt(hcl.substring(i + 2, i + 10), 16));
                    default -> throw new AssertionError("invalid escape \\" + e);
                }
                i += e == 'u' ? 6 : e == 'U' ? 10 : 2;
                continue;
            }
            i = templateChar(hcl, i, out);
        }
    }

    /** The value of the heredoc whose {@code <<} is at {@code from}: its lines up to the delimiter line. */
    public static Read heredoc(String hcl, int from) {
        int nl = hcl.indexOf('\n', from);
        String delimiter = hcl.substring(from + 2, nl).replaceFirst("^-", "").strip();
        StringBuilder out = new StringBuilder();
        int i = nl + 1;
        while (true) {
            int end = hcl.indexOf('\n', i);
            if (end < 0) {
                throw new AssertionError("heredoc " + delimiter + " never ends");
            }
            if (hcl.substring(i, end).strip().equals(delimiter)) {
                return new Read(out.toString(), end);
            }
            int j = i;
            while (j <= end) {
                j = templateChar(hcl, j, out);
            }
            i = end + 1;
        }
    }

    private static int templateChar(String hcl, int i, StringBuilder out) {
        if (hcl.startsWith("$${", i) || hcl.startsWith("%%{", i)) {
            out.append(hcl.charAt(i)).append('{');
            return i + 3;
        }
        if (hcl.startsWith("${", i) || hcl.startsWith("%{", i)) {
            throw new AssertionError("an interpolation or directive in what should be a literal: " + excerpt(hcl, i));
        }
        out.append(hcl.charAt(i));
        return i + 1;
    }

    private static String excerpt(String s, int at) {
        return s.substring(Math.max(0, at - 20), Math.min(s.length(), at + 40));
    }

    private HclStrings() {}
}
