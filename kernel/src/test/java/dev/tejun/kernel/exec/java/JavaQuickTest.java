package dev.tejun.kernel.exec.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.SessionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells compiled outside JShell ({@link QuickSnippets}) mean what they mean through JShell: the same session of cells
 * runs on two executors, one sending every snippet to JShell, and every cell answers the same (status, value,
 * message, stdout, stderr). Real JShell, real remote JVMs.
 */
class JavaQuickTest {

    @TempDir
    Path data;

    /** A session: declarations, imports, expressions with and without a value, statements, errors, exceptions. */
    private static final List<String> SESSION = List.of(
            "1 + 2",
            "\"text\"",
            "'c'",
            "new int[] {1, 2}",
            "System.out.println(\"hi\")",
            "System.out.println(\"hi\");",
            "int x = 5;",
            "x * 2",
            "x = 7",
            "x++",
            "x",
            "x > 3 ? \"big\" : \"small\"",
            "switch (x) { case 8 -> \"eight\"; default -> \"other\"; }",
            "switch (x) { case 8 -> System.out.println(\"eight\"); default -> System.out.println(\"other\"); }",
            "import java.util.*;",
            "List.of(1, 2)",
            "String greet(String n) { return \"hi \" + n; }",
            "greet(\"a\")",
            "for (int i = 0; i < 3; i++) System.out.print(i);",
            "if (x > 0) System.out.println(\"positive\");",
            "{ int y = 2; System.out.println(y); }",
            "y",
            "1 / 0",
            "Integer.parseInt(\"x\")",
            "greet(null).length()",
            "String fail(int n) { if (n == 0) throw new IllegalStateException(\"zero\"); return fail(n - 1); }",
            "fail(2)",
            "if (x > 0) throw new IllegalArgumentException(\"thrown\");",
            "class Box { int v = 3; }",
            "new Box().v",
            "var list = new ArrayList<String>();",
            "list.add(\"a\")",
            "list",
            "void hello() { System.out.println(\"hello\"); }",
            "hello()",
            "hello();",
            "undefinedThing + 1",
            "int z = x + 1;\nz * 2",
            "Math.max(x,\n    z)",
            "String greet(String n) { return \"hello \" + n; }",
            "greet(\"b\")",
            "x = 1; x + 1",
            "() -> 1",
            "Runnable r = () -> System.out.println(\"ran\");",
            "r.run()",
            "System.err.println(\"to stderr\")");

    private record Answer(String status, String value, String message, String stdout, String stderr) {}

    private List<Answer> session(boolean quick, Path folder, int[] quickCompiled) {
        JavaExecutor executor = (JavaExecutor)
                new JavaExecutorFactory(List.of(), quick).create(new SessionContext("quick-" + quick, folder, folder));
        try {
            List<Answer> answers = new ArrayList<>();
            for (String code : SESSION) {
                RecordingOutput output = new RecordingOutput();
                CellOutcome outcome = executor.execute(JavaExecutorTest.request("c", code, null), output);
                answers.add(new Answer(
                        outcome.status().name(), outcome.value(), outcome.message(), output.stdout(), output.stderr()));
            }
            quickCompiled[0] = executor.quickCompiled();
            return answers;
        } finally {
            executor.close();
        }
    }

    @Test
    void execute_quickAndJShell_answerTheSame() throws Exception {
        int[] quickCompiled = {0};
        int[] none = {0};
        List<Answer> quick = session(true, Files.createDirectories(data.resolve("quick")), quickCompiled);
        List<Answer> jshell = session(false, Files.createDirectories(data.resolve("jshell")), none);

        for (int i = 0; i < SESSION.size(); i++) {
            assertEquals(jshell.get(i), quick.get(i), "cell " + i + ": " + SESSION.get(i));
        }
        assertEquals(0, none[0]);
        // the first cell starts the JVM through JShell; most expressions and statements after it are compiled here
        assertTrue(quickCompiled[0] >= 20, "compiled outside JShell: " + quickCompiled[0]);
    }

    @Test
    void execute_manyDistinctCells_jshellHoldsNoneOfThem() {
        JavaExecutor executor = (JavaExecutor) new JavaExecutorFactory().create(new SessionContext("many", data, data));
        try {
            executor.execute(JavaExecutorTest.request("c", "int base = 1;", null), new RecordingOutput());
            long before = executor.jshellSnippets();
            for (int i = 0; i < QuickJavac.RENEW_AFTER + 10; i++) {
                CellOutcome outcome =
                        executor.execute(JavaExecutorTest.request("c", "base + " + i, null), new RecordingOutput());
                assertEquals(String.valueOf(1 + i), outcome.value());
            }
            assertEquals(before, executor.jshellSnippets(), "JShell compiled none of the distinct cells");
            assertEquals(QuickJavac.RENEW_AFTER + 10, executor.quickCompiled());
            assertEquals(
                    Map.of("value", "3"),
                    Map.of(
                            "value",
                            executor.execute(JavaExecutorTest.request("c", "base + 2", null), new RecordingOutput())
                                    .value()));
        } finally {
            executor.close();
        }
    }
}
