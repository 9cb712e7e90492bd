package dev.tejun.kernel.exec.java;

import static dev.tejun.kernel.exec.java.JavaExecutorTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.SessionContext;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell run again unchanged runs its compiled class again instead of going through javac ({@link Reruns}); it must
 * answer exactly as a fresh compile would. Real JShell, real remote JVM, one executor per test.
 */
class JavaRerunTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private JavaExecutor executor;

    @TempDir
    Path data;

    @BeforeEach
    void startExecutor() {
        executor = (JavaExecutor) new JavaExecutorFactory().create(new SessionContext("rerun", data, data));
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    private CellOutcome run(String cellId, String code, RecordingOutput output) {
        return executor.execute(request(cellId, code, null), output);
    }

    private CellOutcome run(String code) {
        return run("cell", code, new RecordingOutput());
    }

    @Test
    void execute_sameExpressionAgain_runsItAgainFromItsClass() {
        assertEquals(CellStatus.OK, run("int counted = 0;").status());

        assertEquals("1", run("++counted").value());
        assertEquals("2", run("++counted").value());
        assertEquals("3", run("++counted").value());

        assertEquals(2, executor.rerunsServed(), "the second and third runs did not compile again");
        assertEquals("3", run("counted").value(), "the runs acted on the session's variable");
    }

    @Test
    void execute_sameStatementAgain_printsAgain() {
        RecordingOutput first = new RecordingOutput();
        RecordingOutput second = new RecordingOutput();

        assertEquals(
                CellStatus.OK,
                run("say", "System.out.println(\"hello \" + 40 + 2);", first).status());
        assertEquals(
                CellStatus.OK,
                run("say", "System.out.println(\"hello \" + 40 + 2);", second).status());

        assertEquals("hello 402\n", first.stdout());
        assertEquals("hello 402\n", second.stdout());
        assertEquals(1, executor.rerunsServed());
    }

    @Test
    void execute_valuesShownAsJShellShowsThem_alsoOnRerun() {
        run("class Box {}");
        for (int i = 0; i < 2; i++) {
            assertEquals("\"text\"", run("\"text\"").value());
            assertEquals("'c'", run("'c'").value());
            String box = run("new Box()").value();
            assertTrue(box.matches("Box@[0-9a-f]+"), "wrapper class names taken out: " + box);
        }
        assertEquals(3, executor.rerunsServed());
    }

    @Test
    void execute_declarationBetweenRuns_sameTextMeansTheNewDeclaration() {
        run("String shape = \"a\";");
        assertEquals("\"a1\"", run("shape + 1").value());

        run("int shape = 5;");
        assertEquals("6", run("shape + 1").value());

        run("String twice(Object o) { return \"object\"; }");
        assertEquals("\"object\"", run("twice(1)").value());
        run("String twice(int i) { return \"int\"; }");
        assertEquals("\"int\"", run("twice(1)").value(), "a new overload changes what the same text calls");

        assertEquals(0, executor.rerunsServed(), "every declaration emptied the kept snippets");
    }

    @Test
    void execute_rerunThrows_reportedAsAFreshRunReportsIt() {
        run("int divisor = 1;");
        String guard = """
                if (divisor == 0)
                    throw new IllegalStateException("zero divisor");
                """;
        assertEquals(CellStatus.OK, run("guard", guard, new RecordingOutput()).status());
        run("divisor = 0");

        RecordingOutput rerun = new RecordingOutput();
        CellOutcome failed = run("guard", guard, rerun);
        RecordingOutput fresh = new RecordingOutput();
        CellOutcome compiled = run("guard", guard + " ", fresh); // other text: compiled anew

        assertEquals(1, executor.rerunsServed());
        assertEquals(CellStatus.FAILED, failed.status());
        assertEquals("java.lang.IllegalStateException: zero divisor", failed.message());
        assertTrue(
                rerun.stderr().contains("java.lang.IllegalStateException: zero divisor\n\tat <cell>(guard:2)"),
                rerun.stderr());
        assertEquals(fresh.stderr(), rerun.stderr());
        assertEquals(compiled.message(), failed.message());
    }

    @Test
    void execute_rerunTimesOut_jvmAndDefinitionsSurvive() {
        run("long nap = 0;");
        assertEquals(CellStatus.OK, run("Thread.sleep(nap);").status());
        run("nap = 600_000");

        CellOutcome slow = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> executor.execute(
                        request("cell", "Thread.sleep(nap);", Duration.ofMillis(800)), new RecordingOutput()));

        assertEquals(1, executor.rerunsServed());
        assertEquals(CellStatus.TIMED_OUT, slow.status());
        assertEquals("600000", run("nap").value(), "a JDI stop leaves the JVM and its definitions alone");
    }

    @Test
    void execute_manyDifferentCells_keepsOnlyTheRecentOnes() {
        for (int i = 0; i < Reruns.CAPACITY + 5; i++) {
            assertEquals(String.valueOf(i + 1), run(i + " + 1").value());
        }
        assertEquals("1", run("0 + 1").value(), "dropped from the kept ones: compiled again");
        assertEquals(
                String.valueOf(Reruns.CAPACITY + 5),
                run((Reruns.CAPACITY + 4) + " + 1").value());

        assertEquals(1, executor.rerunsServed(), "only the recent one was kept");
    }
}
