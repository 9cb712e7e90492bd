package dev.tejun.kernel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rendered expression is evaluated by a real Python (Debian's /usr/bin/python3) and what it made is compared
 * with the value, char for char; a value that became code either fails to parse, evaluates to something else, or
 * creates the file F.
 */
class PythonQuotingTest {

    /** Where a reference can sit in Python, each an expression whose value should be exactly the value. */
    private static final List<String> TEMPLATES = List.of(
            "${params.v}",
            "'${params.v}'",
            "\"${params.v}\"",
            "'''${params.v}'''",
            "\"\"\"a\n${params.v}\"\"\"[2:]",
            "f'${params.v}'",
            "f\"{1}${params.v}{2}\"[1:-1]",
            "b'${params.v}'.decode()",
            "u'${params.v}'",
            "str(${params.v})");

    @TempDir
    Path dir;

    private static List<String> values() {
        List<String> out = new ArrayList<>(Adversarial.languageValues());
        out.addAll(List.of(
                "'); __import__('os').system('touch F'); ('",
                "\"); __import__('os').system('touch F'); (\"",
                "{__import__('os').system('touch F')}",
                "'''",
                "\\N{BULLET}",
                "\\x41",
                "\u0085next",
                "\fform",
                "\ud83d",
                "a\u2029b"));
        return out;
    }

    @Test
    void render_hostileValues_evaluateToExactlyTheValueAndRunNothing() throws Exception {
        List<String> values = values();
        StringBuilder program = new StringBuilder("import json, sys\nout = []\n");
        for (String v : values) {
            for (String t : TEMPLATES) {
                if (t.startsWith("b'") && v.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                    continue; // a lone surrogate has no UTF-8 bytes
                }
                String rendered = PythonQuoting.INSTANCE
                        .render(t, Adversarial.slots(t, v))
                        .text();
                program.append("out.append(").append(rendered).append(")\n");
            }
        }
        program.append("sys.stdout.write(json.dumps(out))\n");

        JsonNode got = run(program.toString());

        int i = 0;
        for (String v : values) {
            for (String t : TEMPLATES) {
                if (t.startsWith("b'") && v.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                    continue;
                }
                Adversarial.assertArrived(v, got.get(i++).asText(), t + " with " + Adversarial.label(v));
            }
        }
        assertFalse(Files.exists(dir.resolve("F")), "a value ran as code");
    }

    @Test
    void render_typedValues_areLiteralsOfTheirType() throws Exception {
        String program = "import json, sys\nsys.stdout.write(json.dumps(["
                + render("${params.v}", "-7", "integer") + ", 10-" + render("${params.v}", "-7", "integer") + ", "
                + render("${params.v}", "-1.5", "number") + ", " + render("${params.v}", "true", "boolean") + ", "
                + render("${params.v}", "false", "boolean") + "]))\n";

        assertEquals("[-7, 17, -1.5, true, false]", run(program).toString().replace(",", ", "));
    }

    @Test
    void render_inAComment_cannotEndIt() throws Exception {
        String rendered = render("x = 1  # ${params.v}\nx", "a\nx = 2", "string");

        assertEquals("x = 1  # a\\nx = 2\nx", rendered);
    }

    @Test
    void render_rawString_isRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> render("r'${params.v}'", "x", "string"));
        assertTrue(e.getMessage().contains("raw string"), e.getMessage());
    }

    @Test
    void render_fStringExpression_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> render("f'{${params.v}}'", "x", "string"));
    }

    @Test
    void render_ipythonShellAndMagicLines_areRefused() {
        for (String t : List.of(
                "!echo ${params.v}",
                "x = 1\n  !ls '${params.v}'",
                "%env A=${params.v}",
                "files = !ls ${params.v}",
                "%%bash\necho ${params.v}")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> render(t, "; touch F", "string"), t);
            assertTrue(e.getMessage().contains("IPython"), e.getMessage());
        }
    }

    @Test
    void render_afterAShellLine_isPythonAgain() {
        assertEquals("!echo it's\nx = 'v'", render("!echo it's\nx = ${params.v}", "v", "string"));
    }

    @Test
    void render_notEqualsOperator_isNotAShellLine() {
        assertEquals("x = 1 != 'v'", render("x = 1 != ${params.v}", "v", "string"));
    }

    @Test
    void render_afterABackslashInAString_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> render("'\\${params.v}'", "n", "string"));
    }

    private static String render(String template, String value, String type) {
        return PythonQuoting.INSTANCE
                .render(template, Adversarial.slots(template, value, type))
                .text();
    }

    private JsonNode run(String program) throws Exception {
        Path file = dir.resolve("program.py");
        Files.writeString(file, program, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/python3", file.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text.length() > 3000 ? text.substring(0, 3000) : text);
        return new ObjectMapper().readTree(text);
    }
}
