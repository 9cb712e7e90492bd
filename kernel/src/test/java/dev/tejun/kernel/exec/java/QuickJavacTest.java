package dev.tejun.kernel.exec.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.junit.jupiter.api.Test;

/** The quick compiler against classes JShell made: with a reused context (renewed when they change) and without. */
class QuickJavacTest {

    private static String compile(
            QuickJavac javac, String name, String source, List<String> errors, Map<String, byte[]> out)
            throws IOException {
        return javac.compile(
                name,
                source,
                (Diagnostic<? extends JavaFileObject> d) -> {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        errors.add(d.getMessage(null));
                    }
                },
                out,
                task -> task.call() ? "ok" : "failed");
    }

    private static void replClass(QuickJavac javac, ReplClasses repl, String name, String field) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        List<String> errors = new ArrayList<>();
        assertEquals(
                "ok",
                compile(
                        javac,
                        name,
                        "package REPL; class " + name + " { public static int " + field + " = 1; }",
                        errors,
                        out),
                errors.toString());
        repl.loaded(new ClassBytecodes[] {new ClassBytecodes("REPL." + name, out.get("REPL." + name))});
    }

    private static void usesReplClasses(boolean reuse) throws IOException {
        ReplClasses repl = new ReplClasses();
        QuickJavac javac = new QuickJavac(repl, reuse);
        replClass(javac, repl, "$JShell$1", "a");
        List<String> errors = new ArrayList<>();
        Map<String, byte[]> out = new HashMap<>();
        String first = compile(
                javac,
                "$Tejun$1",
                "package REPL; import static REPL.$JShell$1.a; class $Tejun$1 { Object f() { return a; } }",
                errors,
                out);
        assertEquals("ok", first, errors.toString());
        assertTrue(out.containsKey("REPL.$Tejun$1"));

        // JShell loads another class: a context that listed package REPL before it would not find it
        replClass(javac, repl, "$JShell$2", "b");
        String second = compile(
                javac,
                "$Tejun$2",
                "package REPL; import static REPL.$JShell$2.b; class $Tejun$2 { Object f() { return b; } }",
                errors,
                out);
        assertEquals("ok", second, errors.toString());
        if (reuse) {
            assertEquals(3, javac.contextsMade(), "a new context after each class JShell loaded");
        } else {
            assertEquals(0, javac.contextsMade());
        }
        javac.close();
    }

    @Test
    void compile_reusedContext_seesEveryClassJShellLoaded() throws IOException {
        assertTrue(QuickJavac.reusesContexts(), "the test JVM runs with the launcher's --add-exports (pom argLine)");
        usesReplClasses(true);
    }

    @Test
    void compile_freshTasks_seeEveryClassJShellLoaded() throws IOException {
        usesReplClasses(false);
    }

    @Test
    void compile_manyInOneContext_renewedAfterItsLimit() throws IOException {
        ReplClasses repl = new ReplClasses();
        QuickJavac javac = new QuickJavac(repl, true);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < QuickJavac.RENEW_AFTER + 1; i++) {
            String name = "$Tejun$" + i;
            assertEquals(
                    "ok",
                    compile(
                            javac,
                            name,
                            "package REPL; class " + name + " { Object f() { return " + i + "; } }",
                            errors,
                            new HashMap<>()),
                    errors.toString());
        }
        assertEquals(2, javac.contextsMade());
        javac.close();
    }
}
