package dev.tejun.kernel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rendered snippet is compiled and run for real by JShell (in this JVM), and the object it evaluates to is
 * compared with the value, char for char. A value that became syntax either fails to compile, evaluates to
 * something else, or creates the file F. One JShell serves every test, one evaluation at a time.
 */
class JavaQuotingTest {

    private static final String KEY = "tejun.quoting.result";
    private static JShell jshell;

    @BeforeAll
    static void start() {
        jshell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void stop() {
        jshell.close();
        System.getProperties().remove(KEY);
    }

    /** Evaluates the rendered expression and answers the object it made (or fails with what JShell said). */
    private static Object eval(String template, String value, String type) {
        return evalAll(template, List.of(value), type)[0];
    }

    /**
     * Renders the template once per value and evaluates them all in one snippet, {@code new Object[]{…}}, so one
     * compilation serves many values (a value that broke out breaks the whole snippet, which fails the test).
     */
    private static synchronized Object[] evalAll(String template, List<String> values, String type) {
        StringBuilder all = new StringBuilder();
        for (String v : values) {
            Rendered r = JavaQuoting.INSTANCE.render(template, Adversarial.slots(template, v, type));
            all.append(all.isEmpty() ? "" : ",").append("\n").append(r.text()).append("\n");
        }
        System.getProperties().remove(KEY);
        String code = "System.getProperties().put(\"" + KEY + "\", new Object[]{" + all + "});";
        List<SnippetEvent> events = jshell.eval(code);
        for (SnippetEvent e : events) {
            if (e.status() == Snippet.Status.REJECTED || e.exception() != null) {
                fail("did not run: "
                        + jshell.diagnostics(e.snippet())
                                .map(d -> d.getMessage(null))
                                .toList() + " " + e.exception() + "\n" + abbreviated(all.toString()));
            }
        }
        assertEquals(
                code.length(),
                jshell.sourceCodeAnalysis().analyzeCompletion(code).source().length(),
                "the whole text is one snippet: nothing was split off by a value");
        return (Object[]) System.getProperties().get(KEY);
    }

    private static String abbreviated(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static void eachValue(String template, Function<String, Object> expected) {
        eachValue(template, expected, Adversarial.languageValues());
    }

    private static void eachValue(String template, Function<String, Object> expected, List<String> values) {
        Object[] got = evalAll(template, values, "string");
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            assertEquals(expected.apply(v), got[i], () -> "value " + abbreviated(v));
        }
        assertFalse(Files.exists(Path.of("F")), "F was created");
    }

    @Test
    void render_bare_stringLiteralOfTheExactValue() {
        eachValue("${params.x}", v -> v);
    }

    @Test
    void render_insideString_escapedContentOfOneString() {
        eachValue(
                "\"a${params.x}b\" + \"|\" + \"a${params.x}b\".length()",
                v -> "a" + v + "b|" + (v.length() + 2),
                Adversarial.languageValues().stream()
                        .filter(v -> v.length() <= 65535 / 3)
                        .toList()); // longer: refused, below
    }

    @Test
    void render_insideTextBlock_exactContent() {
        for (String template : List.of(
                "\"\"\"\n    ${params.x}\n    \"\"\"",
                "\"\"\"\n  <${params.x}>   \n  \"\"\"",
                "\"\"\"\n    ${params.x}   \n\"\"\"")) {
            String prefix = template.contains("<") ? "<" : "";
            String suffix = template.contains("<") ? ">" : "";
            String indent = template.endsWith("\n\"\"\"") ? "    " : "";
            // refused, below: Unicode space at an end, longer than a constant; an empty value leaves a blank line,
            // which a text block empties
            eachValue(
                    template,
                    v -> indent + prefix + v + suffix + "\n",
                    Adversarial.languageValues().stream()
                            .filter(v -> !v.startsWith("\u3000") && v.length() <= 65535 / 3 && !v.isEmpty())
                            .toList());
        }
    }

    @Test
    void render_textBlockValueEndingInUnicodeSpace_refused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> eval("\"\"\"\n    ${params.x}\n    \"\"\"", "\u3000全角\u3000", "string"));
        assertTrue(e.getMessage().startsWith("${params.x} is in a text block"), e.getMessage());
    }

    @Test
    void render_valueLongerThanAStringConstant_joinedWhenBareRefusedInsideQuotes() {
        String big = "日本語\"\\".repeat(30_000);
        assertEquals(big, eval("${params.x}", big, "string"));
        for (String template : List.of("\"a${params.x}\"", "\"\"\"\n${params.x}\n\"\"\"")) {
            var e = assertThrows(IllegalArgumentException.class, () -> eval(template, big, "string"));
            assertTrue(e.getMessage().contains("longer than Java allows"), e.getMessage());
        }
    }

    @Test
    void render_insideComments_valueCannotEndTheComment() {
        eachValue("\"start\" // ${params.x}\n + \"end\"", v -> "startend");
        eachValue("\"start\" /* ${params.x} */ + \"end\"", v -> "startend");
        eachValue("\"start\" /* ${params.x}/ + \"no\" */ + \"end\"", v -> "startend");
        eachValue("\"start\" /** ${params.x}\n * ${params.x} */ + \"end\"", v -> "startend");
    }

    @Test
    void render_charLiteral_oneCharacterExactElseRefused() {
        for (String v : List.of("'", "\"", "\\", "\n", "\r", "a", "日", "\0", "\u2028")) {
            assertEquals(v.charAt(0), eval("'${params.x}'", v, "string"), "value " + v);
        }
        for (String v : List.of("ab", "", "\\u0027", "😀")) {
            var e = assertThrows(IllegalArgumentException.class, () -> eval("'${params.x}'", v, "string"));
            assertEquals("${params.x} is in a char literal '…' but its value is not one character", e.getMessage());
        }
    }

    @Test
    void render_afterABackslash_refusedSoNoUnicodeEscapeCanForm() {
        // "\${x}" with x = u0022 would be \u0022, a quote, before Java lexes anything
        for (String template : List.of("\"\\${params.x}\"", "\"\\u00${params.x}\"", "// \\uu${params.x}\nnull")) {
            var e = assertThrows(IllegalArgumentException.class, () -> eval(template, "u0022", "string"), template);
            assertTrue(e.getMessage().contains("follows a backslash"), e.getMessage());
        }
        assertEquals("\\u0022", eval("\"\\\\${params.x}\"", "u0022", "string"), "an escaped backslash is fine");
    }

    @Test
    void render_unicodeEscapesInTheTemplate_areReadAsJavaReadsThem() {
        // \u0022 opens a string in the template, so the value is string content there, not a literal of its own
        assertEquals("a\"b", eval("\\u0022a${params.x}b\"", "\"", "string"));
        // javac ends a line comment at an escaped line feed (JShell's own comment masking does not, so this is checked
        // on the lexer)
        assertEquals(JavaQuoting.Context.CODE, JavaQuoting.contextAt("\"start\" //\\u000a + "));
        assertEquals(JavaQuoting.Context.LINE_COMMENT, JavaQuoting.contextAt("\"start\" //\\\\u000a + "));
    }

    @Test
    void render_integer_literalOfItsValue() {
        assertEquals(42, eval("${params.n}", "42", "integer"));
        assertEquals(7, eval("${params.n}", "007", "integer"), "not read as octal");
        assertEquals(0, eval("3 - ${params.n} - 10", "-7", "integer"), "3 - -7 - 10, never 3 --7 - 10");
        assertEquals(Long.MAX_VALUE, eval("${params.n}", "9223372036854775807", "integer"));
        assertEquals(Long.MIN_VALUE, eval("${params.n}", "-9223372036854775808", "integer"));
        assertEquals("n=42", eval("\"n=${params.n}\"", "42", "integer"));
    }

    @Test
    void render_number_doubleLiteralOfItsValue() {
        assertEquals(1.5, eval("${params.n}", "1.5", "number"));
        assertEquals(-0.25, eval("1 - ${params.n} - 1.5", "-0.25", "number"), "1 - -0.25 - 1.5, never 1 --0.25");
        assertEquals(1000.0, eval("${params.n}", "1e3", "number"));
        assertEquals(3.0, eval("${params.n}", "3", "number"));
    }

    @Test
    void render_boolean_trueOrFalse() {
        assertEquals(true, eval("${params.b}", "true", "boolean"));
        assertEquals(false, eval("!${params.b} && false", "false", "boolean"));
    }

    @Test
    void render_typedValueThatIsNotOfItsType_refusedWithoutEchoingIt() {
        List<String[]> bad = List.of(
                new String[] {"integer", "1; System.exit(1)"},
                new String[] {"integer", "4 2"},
                new String[] {"integer", ""},
                new String[] {"integer", "0x10"},
                new String[] {"integer", "1e3"},
                new String[] {"integer", "99999999999999999999"},
                new String[] {"integer", "٤٢"},
                new String[] {"number", "NaN"},
                new String[] {"number", "Infinity"},
                new String[] {"number", "1.5f"},
                new String[] {"number", "1e999"},
                new String[] {"number", " 1"},
                new String[] {"boolean", "TRUE"},
                new String[] {"boolean", "1"},
                new String[] {"boolean", "true || new java.io.File(\"F\").createNewFile()"});
        for (String[] b : bad) {
            var e = assertThrows(IllegalArgumentException.class, () -> eval("${params.secret}", b[1], b[0]), b[1]);
            assertTrue(e.getMessage().startsWith("${params.secret} is declared " + b[0]), e.getMessage());
            assertFalse(!b[1].isBlank() && e.getMessage().contains(b[1]), "the message does not show the value");
        }
    }

    @Test
    void render_raw_pastedAsCode() {
        assertEquals(5, eval("${raw:params.code} * 2", "1 + 2", "string"), "1 + 2 * 2: the value is code");
    }
}
