package dev.tejun.kernel.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: values an attacker would put in a param, a label or a CMDB cell, each trying to become code that
 * creates the file {@code canary}. A test puts each through an interface into a cell and checks both that the
 * canary never appears and that the value arrives byte for byte.
 */
public final class Adversarial {

    private Adversarial() {}

    /** Every value; those that carry a NUL are left out (no shell string or environment can hold one). */
    public static List<String> values(Path canary) {
        String f = canary.toString();
        List<String> out = new ArrayList<>(List.of(
                "$(touch " + f + ")",
                "`touch " + f + "`",
                "'",
                "\"",
                "';touch " + f + ";'",
                "\";touch " + f + ";\"",
                ";touch " + f,
                "|touch " + f,
                "&& touch " + f,
                "x\ntouch " + f,
                "x\r\ntouch " + f + "\r",
                "\\",
                "a\\'b\\\"c\\$d\\`e\\\\",
                "%s %n %% %1$s",
                "{{ lookup('pipe','touch " + f + "') }}",
                "' OR 1=1 --",
                "web1\"; echo X > " + f + "; echo \"",
                "${HOME} $PATH ${params.x} $((1+1)) !!",
                "EOF\ntouch " + f + "\nEOF",
                "*",
                "  leading and trailing blanks  ",
                "\ttab",
                "",
                "日本語の値",
                "emoji 🙂 and é"));
        out.add(large());
        return out;
    }

    /** A 100 KB value of mixed, hostile text. */
    public static String large() {
        StringBuilder sb = new StringBuilder(100 * 1024 + 64);
        String chunk = "$(x) `y` 'q' \"d\" ;|&\\ 日本 ";
        while (sb.length() < 100 * 1024) {
            sb.append(chunk);
        }
        return sb.toString();
    }

    /** Equal, or a failure that says where they part without printing a 100 KB value. */
    public static void assertArrived(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            int at = 0;
            while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
                at++;
            }
            throw new AssertionError(what + ": expected " + expected.length() + " chars, got " + actual.length()
                    + ", first difference at " + at + ": "
                    + label(actual.substring(at, Math.min(actual.length(), at + 20))));
        }
    }

    /** A short, printable name for a value, for test names. */
    public static String label(String value) {
        String v = value.length() > 24 ? value.substring(0, 24) + "…(" + value.length() + ")" : value;
        return "[" + v.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "]";
    }

    /**
     * Values aimed at the quotings themselves: each tries to end a string, start a command, be evaluated, or slip
     * through a quoting's escapes in Java, HCL, YAML or Jinja.
     */
    public static List<String> languageValues() {
        List<String> out = new ArrayList<>(List.of(
                "$(touch F)",
                "`touch F`",
                "'",
                "\"",
                "\\",
                ";",
                "|",
                "a\nb",
                "a\rb",
                "%",
                "${x}",
                "%{ if true }x%{ endif }",
                "{{ lookup('pipe','touch F') }}",
                "*/",
                "/*",
                "//",
                "\\u0022",
                "\\u000a",
                "\\\\u0022",
                "\"\"\"",
                "\"); new java.io.File(\"F\").createNewFile(); (\"",
                "\"+new java.io.File(\"F\").createNewFile()+\"",
                "*/ new java.io.File(\"F\").createNewFile(); /*",
                "\nnew java.io.File(\"F\").createNewFile();\n",
                "' OR 1=1 --",
                "日本語の値、テスト",
                "😀 emoji",
                "  padded  ",
                "\ttab\t",
                "nul\0byte",
                "bell\u0007",
                "a$",
                "a%",
                "$${x}",
                "%%{x}",
                "\\",
                "end\\",
                "x\u2028y",
                "\u3000全角\u3000",
                "EOT",
                "\nEOT\n",
                "- item",
                "key: value",
                "# not a comment",
                "&anchor *alias !tag",
                "{a: 1}",
                "[1, 2]",
                ""));
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
}
