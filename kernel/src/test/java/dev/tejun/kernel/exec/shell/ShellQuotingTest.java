package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every place a reference can sit in a shell script, through a real bash and a real dash: the script prints the
 * value back and the bytes must be the value's, with the canary file never created.
 */
class ShellQuotingTest {

    @TempDir
    Path dir;

    /** A script template with {@code ${params.v}}, what it prints for value V, and the shells it is meant for. */
    private record Context(String name, String script, String before, String after, List<String> shells) {}

    private static final List<String> BOTH = List.of("/usr/bin/bash", "/usr/bin/dash");

    private static final List<Context> CONTEXTS = List.of(
            new Context("bare", "printf '%s' ${params.v}", "", "", BOTH),
            new Context("joined", "printf '%s' a${params.v}b", "a", "b", BOTH),
            new Context("double", "printf '%s' \"pre ${params.v} post\"", "pre ", " post", BOTH),
            new Context("single", "printf '%s' 'pre ${params.v} post'", "pre ", " post", BOTH),
            new Context(
                    "dollarSingle",
                    "printf '%s' $'pre\\t${params.v}\\tpost'",
                    "pre\t",
                    "\tpost",
                    List.of("/usr/bin/bash")),
            new Context(
                    "commandSubstitution",
                    "r=$(printf '%s' ${params.v}; printf x); printf '%s' \"${r%x}\"",
                    "",
                    "",
                    BOTH),
            new Context(
                    "doubleInSubstitution",
                    "r=\"$(printf '%s' \"<${params.v}>\"; printf x)\"; printf '%s' \"${r%x}\"",
                    "<",
                    ">",
                    BOTH),
            new Context("backquotes", "r=`printf '%s' ${params.v}; printf x`; printf '%s' \"${r%x}\"", "", "", BOTH),
            new Context(
                    "doubleInBackquotes",
                    "r=\"`printf '%s' \"<${params.v}>\"; printf x`\"; printf '%s' \"${r%x}\"",
                    "<",
                    ">",
                    BOTH),
            new Context("braceInDouble", "printf '%s' \"${TEJUN_UNSET_X:-${params.v}}\"", "", "", BOTH),
            new Context("braceBare", "printf '%s' ${TEJUN_UNSET_X:-${params.v}}", "", "", BOTH),
            new Context("hereDocument", "cat <<EOF\n${params.v}\nEOF\n", "", "\n", BOTH),
            new Context("hereDocumentMidLine", "cat <<EOF\n<${params.v}> $((1+1))\nEOF\n", "<", "> 2\n", BOTH),
            new Context("hereDocumentTabs", "cat <<-EOF\n\t${params.v}\n\tEOF\n", "", "\n", BOTH),
            new Context(
                    "hereDocumentInSubstitution",
                    "r=$(cat <<EOF\n${params.v}\nEOF\nprintf x); printf '%s' \"${r%x}\"",
                    "",
                    "\n",
                    BOTH),
            new Context("quotedHereDocument", "cat <<'EOF'\n<${params.v}>\nEOF\n", "<", ">\n", BOTH),
            new Context("comment", "# about ${params.v} here\nprintf '%s' done", "", "", BOTH));

    @TestFactory
    List<DynamicTest> render_everyContextEveryValue_printsTheValueExactly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Context c : CONTEXTS) {
            for (String shell : c.shells()) {
                for (String value : Adversarial.values(dir.resolve("F"))) {
                    tests.add(DynamicTest.dynamicTest(
                            c.name() + " " + shell + " " + Adversarial.label(value), () -> roundTrip(c, shell, value)));
                }
            }
        }
        return tests;
    }

    private void roundTrip(Context c, String shell, String value) throws Exception {
        Path canary = dir.resolve("F");
        Files.deleteIfExists(canary);
        if (c.name().equals("quotedHereDocument") && value.contains("\nEOF")) {
            // nothing expands in a quoted body, so such a value is refused rather than let end it
            assertThrows(IllegalArgumentException.class, () -> render(c.script(), value));
            return;
        }
        String script = render(c.script(), value);
        String expected = c.name().equals("comment") ? "done" : c.before() + value + c.after();
        byte[] out = run(shell, script);
        assertFalse(Files.exists(canary), "the value ran as code:\n" + script);
        assertEquals(expected, new String(out, StandardCharsets.UTF_8), script);
    }

    @Test
    void render_quotedHereDocument_valueThatWouldEndIt_isRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> render("cat <<'EOF'\n${params.v}\nEOF\n", "x\nEOF\ntouch F"));
        assertTrue(e.getMessage().contains("would end the quoted here-document EOF"), e.getMessage());
    }

    @Test
    void render_arithmetic_takesIntegersOnly() throws Exception {
        assertEquals(
                "43",
                new String(
                        run("/usr/bin/dash", render("printf %s $(( ${params.v} + 1 ))", "42")),
                        StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> render("echo $(( ${params.v} + 1 ))", "a[$(touch F)]"));
        assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
    }

    @Test
    void render_raw_pastesTheValueAsCode() throws Exception {
        assertEquals(
                "2",
                new String(
                        run("/usr/bin/dash", render("${raw:params.v}", "printf %s $((1+1))")), StandardCharsets.UTF_8));
    }

    @Test
    void render_bareWord_isOneSingleQuotedWord() {
        assertEquals("echo 'it'\\''s'", render("echo ${params.v}", "it's"));
        assertEquals("echo \"a \"''\\''$(x)'\"\"", render("echo \"a ${params.v}\"", "'$(x)"));
    }

    static String render(String script, String value) {
        return Template.CELLS
                .render(script, (Reference r) -> Optional.of(new Slot(r, value, "string")), ShellQuoting.INSTANCE)
                .text();
    }

    private byte[] run(String shell, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "script", ".sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(shell, file.toString())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }
}
