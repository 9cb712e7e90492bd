package dev.tejun.kernel.exec.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JShell, real remote JVM. One executor is shared by the tests, as a session would share it. */
class JavaExecutorTest {

    /** Bounds a test that would otherwise hang forever; not a performance claim. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static Executor executor;
    /** The session's data folder, which the cell sandbox hides and chowns; never the module's own folder. */
    @TempDir
    static Path data;

    @BeforeAll
    static void startExecutor() {
        executor = new JavaExecutorFactory().create(new SessionContext("test", data, data));
    }

    @AfterAll
    static void closeExecutor() {
        executor.close();
    }

    static CellRequest request(String cellId, String code, Duration timeout) {
        return new CellRequest("run-1", cellId, "java", code, Attributes.NONE, Path.of("."), timeout, Map.of());
    }

    private static CellOutcome run(String code, RecordingOutput output) {
        return executor.execute(request("cell", code, null), output);
    }

    private static CellOutcome run(String code) {
        return run(code, new RecordingOutput());
    }

    @Test
    void languages_isJava() {
        assertEquals(Set.of("java"), new JavaExecutorFactory().languages());
    }

    @Test
    void agentFiles_theJdkAndTheAgentsClasses_forTheSandboxToBind() {
        List<Path> files = JavaExecutorFactory.agentFiles();

        assertEquals(Path.of(System.getProperty("java.home")), files.getFirst());
        assertTrue(files.contains(Path.of(AgentLauncher.agentClassPath()).toAbsolutePath()), files.toString());
    }

    @Test
    void execute_agentJvmExitsBeforeDialingIn_failsSayingWhatItPrinted() {
        // a later -cp wins: the JVM attaches its debugger, then cannot find the agent's main class and exits
        Executor broken = new JavaExecutorFactory(List.of("-cp", "/nonexistent-agent-classes"))
                .create(new SessionContext("broken", data.resolve("broken"), data));
        try {
            CellOutcome outcome = assertTimeoutPreemptively(
                    HANG_GUARD, () -> broken.execute(request("cell", "1 + 1", null), new RecordingOutput()));

            assertEquals(CellStatus.FAILED, outcome.status(), outcome.message());
            assertTrue(outcome.message().contains("RemoteAgent"), outcome.message());
        } finally {
            broken.close();
        }
    }

    @Test
    void execute_definitionsPersistAcrossCells() {
        assertEquals(CellStatus.OK, run("int persisted = 20;").status());
        assertEquals(CellStatus.OK, run("int twice(int x) { return 2 * x; }").status());
        assertEquals(CellStatus.OK, run("record Point(int x, int y) {}").status());

        CellOutcome outcome = run("new Point(twice(persisted), 2).x()");

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("40", outcome.value());
    }

    @Test
    void execute_multiSnippetCell_runsAllAndReturnsLastValue() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("int a = 1; int b = 2;\n// the sum\na + b", output);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("3", outcome.value());
        assertEquals(List.of("text/plain 3"), output.results());
    }

    @Test
    void execute_statementLast_hasNoValue() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("int noValue = 5;\nnoValue++;\nint after = noValue;", output);

        assertEquals(CellStatus.OK, outcome.status());
        assertNull(outcome.value());
        assertTrue(output.results().isEmpty());
    }

    @Test
    void execute_compileError_failsWithLineAndSkipsTheRest() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("int fine = 1;\nint broken = noSuchThing + 1;\nint neverDefined = 2;", output);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("line 2"), outcome.message());
        assertTrue(output.stderr().contains("line 2: error: cannot find symbol"), output.stderr());
        assertTrue(output.stderr().contains("int broken = noSuchThing + 1;\n             ^"), output.stderr());
        assertEquals(CellStatus.FAILED, run("neverDefined").status());
        assertEquals("1", run("fine").value());
    }

    @Test
    void execute_classOnlyOnTheServersClassPath_isACompileError() {
        // JUnit is on this JVM's class path but not on the cell JVM's: compiling against it would only move the
        // failure to run time (NoClassDefFoundError), and indexing the server's jars slowed every cell.
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("org.junit.jupiter.api.Assertions.class.getName()", output);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("compile error at line 1"), outcome.message());
        assertTrue(output.stderr().contains("org.junit.jupiter.api"), output.stderr());
    }

    @Test
    void execute_exception_failsWithExceptionAndCellLine() {
        RecordingOutput output = new RecordingOutput();
        String code = """
                void explode() {
                    throw new IllegalStateException("boom");
                }

                explode();
                int neverReached = 1;
                """;

        CellOutcome outcome = executor.execute(request("blast", code, null), output);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("java.lang.IllegalStateException: boom", outcome.message());
        assertTrue(
                output.stderr().contains("java.lang.IllegalStateException: boom\n\tat explode(blast:2)"),
                output.stderr());
        assertTrue(output.stderr().contains("(blast:5)"), output.stderr());
        assertEquals(CellStatus.FAILED, run("neverReached").status());
    }

    @Test
    void execute_systemOutAndErr_reachTheCellOutput() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("""
                System.out.println("to stdout ✓");
                System.err.print("to stderr");
                System.out.print("no newline");
                """, output);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("to stdout ✓\nno newline", output.stdout());
        assertEquals("to stderr", output.stderr());
    }

    @Test
    void execute_systemExit_failsAndNextCellStartsFresh() {
        assertEquals(CellStatus.OK, run("int beforeExit = 7;").status());

        CellOutcome exit = run("System.out.println(\"bye\"); System.exit(3);");

        assertEquals(CellStatus.FAILED, exit.status());
        assertEquals(3, exit.exitCode());
        RecordingOutput next = new RecordingOutput();
        CellOutcome lost = run("beforeExit", next);
        assertEquals(CellStatus.FAILED, lost.status(), "definitions died with the JVM");
        assertTrue(next.stderr().contains("starting a fresh JShell"), next.stderr());
        assertEquals("2", run("1 + 1").value());
    }

    @Test
    void execute_interrupted_stopsLoopAndKeepsDefinitions() {
        assertEquals(CellStatus.OK, run("int survivor = 41;").status());

        CellOutcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
            interruptLater(Thread.currentThread(), Duration.ofMillis(700));
            return run("long spins = 0; while (true) { spins++; }");
        });

        assertEquals(CellStatus.STOPPED, outcome.status());
        assertEquals("42", run("survivor + 1").value(), "a JDI stop leaves the JVM and its definitions alone");
    }

    @Test
    void execute_codeThatSwallowsTheStop_isKilledAndReportedStopped() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
            interruptLater(Thread.currentThread(), Duration.ofMillis(700));
            return run("while (true) { try { while (true) { } } catch (Throwable ignored) { } }", output);
        });

        assertEquals(CellStatus.STOPPED, outcome.status());
        assertTrue(output.stderr().contains("was killed"), output.stderr());
        assertEquals("6", run("2 * 3").value());
    }

    @Test
    void execute_timeout_timesOutASleepingCellAndKeepsDefinitions() {
        assertEquals(CellStatus.OK, run("String kept = \"ok\";").status());

        CellOutcome outcome = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> executor.execute(
                        request("slow", "Thread.sleep(600_000);", Duration.ofMillis(800)), new RecordingOutput()));

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
        assertEquals("\"ok\"", run("kept").value(), "JShell shows strings quoted");
    }

    @Test
    void close_leavesNoChildProcess() {
        Set<Long> before = descendants();
        Executor own = new JavaExecutorFactory().create(new SessionContext("own", data, data));
        assertEquals(
                "2",
                own.execute(request("c", "1 + 1", null), new RecordingOutput()).value());
        Set<Long> started = descendants();
        started.removeAll(before);
        assertFalse(started.isEmpty(), "the executor runs its own JVM");

        own.close();

        Set<Long> left = descendants();
        left.retainAll(started);
        assertEquals(Set.of(), left);
        assertTrue(started.stream()
                .map(ProcessHandle::of)
                .noneMatch(p -> p.map(ProcessHandle::isAlive).orElse(false)));
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static void interruptLater(Thread target, Duration after) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(after);
            } catch (InterruptedException e) {
                return;
            }
            target.interrupt();
        });
    }
}
