package dev.tejun.kernel.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values an attacker would send, and the slots a substitution engine would hand a quoting for a template. */
public final class Adversarial {

    /** Each tries to end a string, start a command, be evaluated, or slip through a quoting's escapes. */
    public static List<String> values() {
        List<String> out = new ArrayList<>(List.of(
                "$(touch F)", "`touch F`", "'", "\"", "\\", ";", "|", "a\nb", "a\rb", "%", "${x}", "%{ if true }x%{ endif }",
                "{{ lookup('pipe','touch F') }}", "*/", "/*", "//", "\\u0022", "\\u000a", "\\\\u0022", "\"\"\"",
                "\"); new java.io.File(\"F\").createNewFile(); (\"", "\"+new java.io.File(\"F\").createNewFile()+\"",
                "*/ new java.io.File(\"F\").createNewFile(); /*", "\nnew java.io.File(\"F\").createNewFile();\n",
                "' OR 1=1 --", "日本語の値、テスト", "😀 emoji", "  padded  ", "\ttab\t", "nul\0byte", "bell\u0007",
                "a$", "a%", "$${x}", "%%{x}", "\\", "end\\", "x\u2028y", "\u3000全角\u3000", "EOT", "\nEOT\n",
                "- item", "key: value", "# not a comment", "&anchor *alias !tag", "{a: 1}", "[1, 2]", ""));
        out.add("0123456789abcdef\"'\\$%{}\n".repeat(100 * 1024 / 24)); // about 100 KB
        return out;
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(raw:)?([a-z]+\\.[A-Za-z0-9_.]+)}");

    /** The slots of every {@code ${params.NAME}} in {@code template}, each with {@code value} and {@code type}. */
    public static List<Slot> slots(String template, String value, String type) {
        List<Slot> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(template);
        while (m.find()) {
            out.add(new Slot(new Reference(m.start(), m.end(), m.group(2), m.group(1) != null), value, type));
        }
        return out;
    }

    public static List<Slot> slots(String template, String value) {
        return slots(template, value, "string");
    }

    private Adversarial() {
    }
}
