package dev.tejun.kernel.exec.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.JavaQuoting;
import dev.tejun.kernel.template.Rendered;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells whose text holds references, rendered by {@link JavaQuoting} as Session does, run by the real JavaExecutor
 * (its own JShell JVM): each prints its value, which must come back byte for byte, and no value creates F.
 */
@ExtendWith(CellsUnsandboxed.class) // the canary must be reachable, so an injection would show
class JavaValuesTest {

    @TempDir
    static Path dir;

    private static Executor executor;

    @BeforeAll
    static void startExecutor() {
        executor = new JavaExecutorFactory().create(new SessionContext("values", dir, dir));
    }

    @AfterAll
    static void closeExecutor() {
        executor.close();
    }

    private static List<String> values() {
        Path f = dir.resolve("F");
        List<String> out = new ArrayList<>(Adversarial.languageValues());
        out.addAll(List.of(
                "\"); new java.io.File(\"" + f + "\").createNewFile(); (\"",
                "\" + new java.io.File(\"" + f + "\").createNewFile() + \"",
                "\\u0022 + new java.io.File(\"" + f + "\").createNewFile() + \\u0022",
                "*/ new java.io.File(\"" + f + "\").createNewFile(); /*",
                "\\u000a new java.io.File(\"" + f + "\").createNewFile();"));
        out.remove("nul\0byte"); // printed fine, but a NUL in output is not what this test is about
        return out;
    }

    private static String run(String template, String value, String type) {
        Rendered r = JavaQuoting.INSTANCE.render(template, Adversarial.slots(template, value, type));
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = executor.execute(
                new CellRequest("run-1", "cell", "java", r.text(), Attributes.NONE, dir, null, Map.of()), out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderr());
        return out.stdout();
    }

    @Test
    void execute_referenceInCode_printsTheValueExactly() {
        for (String v : values()) {
            assertEquals(v, run("System.out.print(${params.x});", v, "string"), "value " + v.length());
        }
        assertFalse(Files.exists(dir.resolve("F")));
    }

    @Test
    void execute_referenceInsideStringsAndComments_printsTheValueExactly() {
        String template = """
                // note: ${params.x}
                /* and ${params.x} */
                String s = "<${params.x}>";
                System.out.print(s.substring(1, s.length() - 1));
                """;
        for (String v : values().stream().filter(v -> v.length() < 20_000).toList()) {
            assertEquals(v, run(template, v, "string"), "value " + v);
        }
        assertFalse(Files.exists(dir.resolve("F")));
    }

    @Test
    void execute_typedParam_aLiteralOfItsType() {
        assertEquals("43", run("long n = ${params.n};\nSystem.out.print(n + 1);", "42", "integer"));
        assertEquals("true", run("boolean b = ${params.b};\nSystem.out.print(b);", "true", "boolean"));
        assertEquals("2.5", run("double d = ${params.d};\nSystem.out.print(d + 1);", "1.5", "number"));
    }
}
