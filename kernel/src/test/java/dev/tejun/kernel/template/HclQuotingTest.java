package dev.tejun.kernel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rendered text is read back by {@link HclStrings}, which follows the HCL spec, not {@link HclQuoting}. */
class HclQuotingTest {

    private static String render(String template, String value) {
        return render(template, value, "string");
    }

    private static String render(String template, String value, String type) {
        return HclQuoting.INSTANCE
                .render(template, Adversarial.slots(template, value, type))
                .text();
    }

    private static boolean heredocSafe(String v) {
        return v.lines().noneMatch(l -> l.strip().equals("EOT")) && !v.startsWith("EOT") && !v.endsWith("EOT");
    }

    @Test
    void render_bare_quotedStringOfTheExactValue() {
        for (String v : Adversarial.languageValues()) {
            String hcl = render("name = ${params.x}\nnext = 1\n", v);
            HclStrings.Read read = HclStrings.quoted(hcl, "name = ".length());
            assertEquals(v, read.value());
            assertEquals("\nnext = 1\n", hcl.substring(read.end()), "nothing of the value is left outside the string");
        }
    }

    @Test
    void render_insideQuotes_escapedSoNothingIsInterpolated() {
        for (String v : Adversarial.languageValues()) {
            String hcl = render("name = \"a${params.x}b\"\n", v);
            HclStrings.Read read = HclStrings.quoted(hcl, "name = ".length());
            assertEquals("a" + v + "b", read.value());
            assertEquals("\n", hcl.substring(read.end()));
        }
    }

    @Test
    void render_valueEndingInDollarBeforeABrace_dollarDoubled() {
        String hcl = render("name = \"${params.x}{var.secret}\"\n", "a$");
        assertEquals(
                "a${var.secret}", HclStrings.quoted(hcl, "name = ".length()).value());
        assertEquals(
                "a%{x}",
                HclStrings.quoted(render("name = \"${params.x}{x}\"\n", "a%"), 7)
                        .value());
    }

    @Test
    void render_afterADollar_valueStartingWithABraceRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> render("name = \"$${params.x}\"\n", "{var.secret}"));
        assertTrue(e.getMessage().startsWith("${params.x} follows $"), e.getMessage());
    }

    @Test
    void render_insideInterpolation_anExpression() {
        assertEquals("name = \"${upper(\"a\\\"b\")}\"\n", render("name = \"${upper(${params.x})}\"\n", "a\"b"));
        assertEquals("name = \"${upper(\"$${x}\")}\"\n", render("name = \"${upper(${params.x})}\"\n", "${x}"));
    }

    @Test
    void render_heredoc_exactLinesAndNoInterpolation() {
        for (String v : Adversarial.languageValues().stream()
                .filter(HclQuotingTest::heredocSafe)
                .toList()) {
            String hcl = render("text = <<EOT\n${params.x}\nEOT\nnext = 1\n", v);
            HclStrings.Read read = HclStrings.heredoc(hcl, "text = ".length());
            assertEquals(v + "\n", read.value());
            assertEquals("\nnext = 1\n", hcl.substring(read.end()));
        }
    }

    @Test
    void render_heredocValueWithItsDelimiterLine_refused() {
        for (String v : List.of("EOT", "a\nEOT\nb", "  EOT  \n", "\nEOT\r\n")) {
            var e = assertThrows(IllegalArgumentException.class, () -> render("text = <<EOT\n${params.x}\nEOT\n", v));
            assertTrue(e.getMessage().contains("a line that would end it (EOT)"), e.getMessage());
        }
        // and a value that completes a delimiter with the text around it
        assertThrows(IllegalArgumentException.class, () -> render("text = <<EOT\nE${params.x}\nEOT\n", "OT"));
    }

    @Test
    void render_indentedHeredoc_oneLineExactManyLinesRefused() {
        String hcl = render("  text = <<-EOT\n    a ${params.x}\n    EOT\n", "$(touch F) ${x}");
        assertEquals("    a $(touch F) $${x}\n", hcl.substring(hcl.indexOf('\n') + 1, hcl.lastIndexOf("    EOT")));
        var e = assertThrows(
                IllegalArgumentException.class, () -> render("text = <<-EOT\n  ${params.x}\n  EOT\n", "a\nb"));
        assertTrue(e.getMessage().contains("indented heredoc"), e.getMessage());
    }

    @Test
    void render_comments_valueCannotEndTheComment() {
        for (String v : Adversarial.languageValues()) {
            for (String template : List.of("# ${params.x}\nname = \"end\"\n", "// ${params.x}\nname = \"end\"\n")) {
                String hcl = render(template, v);
                assertEquals(hcl.indexOf('\n'), hcl.indexOf("\nname = \"end\"\n"), "one comment line for " + v);
            }
            String hcl = render("/* ${params.x} */\nname = \"end\"\n", v);
            assertEquals(
                    hcl.indexOf("*/"), hcl.length() - "*/\nname = \"end\"\n".length(), "the comment ends where it did");
        }
    }

    @Test
    void render_typed_numberAndBooleanLiterals() {
        assertEquals("n = 42\n", render("n = ${params.n}\n", "42", "integer"));
        assertEquals("n = 1 - (-7)\n", render("n = 1 - ${params.n}\n", "-7", "integer"));
        assertEquals("n = 1.5e3\n", render("n = ${params.n}\n", "1.5e3", "number"));
        assertEquals("b = true\n", render("b = ${params.b}\n", "true", "boolean"));
        assertEquals("s = \"port 42\"\n", render("s = \"port ${params.n}\"\n", "42", "integer"));
    }

    @Test
    void render_typedValueThatIsNotOfItsType_refusedWithoutEchoingIt() {
        for (String[] b :
                List.of(new String[] {"integer", "1 + var.x"}, new String[] {"number", "1e3 ${x}"}, new String[] {
                    "boolean", "true || file(\"/etc/passwd\")"
                })) {
            var e = assertThrows(IllegalArgumentException.class, () -> render("v = ${params.secret}\n", b[1], b[0]));
            assertTrue(e.getMessage().startsWith("${params.secret} is declared " + b[0]), e.getMessage());
            assertFalse(e.getMessage().contains(b[1]));
        }
    }
}
