package dev.tejun.kernel.exec.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real ipykernel (Debian's python3-ipykernel) in the cell sandbox; one executor shared as a session shares it. */
class JupyterExecutorTest {

    /** Bounds a test that would otherwise hang; not a performance claim. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    private static JupyterExecutor executor;

    @TempDir
    static Path data;

    @BeforeAll
    static void startExecutor() throws Exception {
        Path work = Files.createDirectories(data.resolve("sessions").resolve("s1"));
        executor = (JupyterExecutor) JupyterExecutorFactory.python().create(new SessionContext("s1", work, data));
    }

    @AfterAll
    static void closeExecutor() {
        executor.close();
    }

    static CellRequest request(String code, Duration timeout) {
        return new CellRequest("run-1", "cell", "python", code, Attributes.NONE, Path.of("."), timeout, Map.of());
    }

    private static CellOutcome run(String code, RecordingOutput output) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> executor.execute(request(code, null), output));
    }

    private static CellOutcome run(String code) {
        return run(code, new RecordingOutput());
    }

    @Test
    void execute_variablesPersistBetweenCells() {
        assertEquals(
                CellStatus.OK,
                run("persisted = 20\ndef twice(x):\n    return 2 * x").status());

        CellOutcome outcome = run("twice(persisted) + 2");

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("42", outcome.value());
    }

    @Test
    void execute_streams_goToStdoutAndStderr() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("import sys\nprint('to out')\nprint('to err', file=sys.stderr)", output);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("to out\n", output.stdoutText());
        assertEquals("to err\n", output.stderrText());
    }

    @Test
    void execute_error_failsWithTracebackWithoutColours() {
        RecordingOutput output = new RecordingOutput();

        CellOutcome outcome = run("def f():\n    return undefined_name\nf()", output);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("NameError: name 'undefined_name' is not defined", outcome.message());
        assertTrue(output.stderrText().contains("undefined_name"), output.stderrText());
        assertTrue(!output.stderrText().contains("\u001B["), "ANSI colours in " + output.stderrText());
    }

    @Test
    void execute_png_isAnImageResult() throws Exception {
        RecordingOutput output = new RecordingOutput();
        // a 1x1 PNG made by hand, so the test needs no plotting library
        String code = String.join(
                "\n",
                "import struct, zlib",
                "from IPython.display import Image, display",
                "def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))",
                "png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))"
                        + " + chunk(b'IDAT', zlib.compress(b'\\x00\\xff\\x00\\x00')) + chunk(b'IEND', b'')",
                "display(Image(data=png))");

        CellOutcome outcome = run(code, output);

        assertEquals(CellStatus.OK, outcome.status(), output.stderrText());
        RecordingOutput.Result result = output.results().getFirst();
        assertEquals("image/png", result.mime());
        byte[] png = Base64.getDecoder().decode(result.data());
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void execute_jsonListOfObjects_isATable() {
        RecordingOutput output = new RecordingOutput();

        run(
                "from IPython.display import JSON, display\ndisplay(JSON([{'host': 'a', 'up': True}, {'host': 'b'}]))",
                output);

        RecordingOutput.Result result = output.results().getFirst();
        assertEquals("application/vnd.tejun.table+json", result.mime());
        assertEquals("{\"columns\":[\"host\",\"up\"],\"rows\":[[\"a\",true],[\"b\",null]]}", result.data());
    }

    @Test
    void execute_html_isKeptAsHtml() {
        RecordingOutput output = new RecordingOutput();

        run("from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b>'))", output);

        assertEquals(List.of(new RecordingOutput.Result("text/html", "<b>bold</b>")), output.results());
    }

    @Test
    void execute_interrupted_stopsWhileTrueAndKeepsTheKernel() throws Exception {
        run("kept = 'still here'");
        CompletableFuture<CellOutcome> running = new CompletableFuture<>();
        Thread session = Thread.ofVirtual()
                .start(() -> running.complete(executor.execute(
                        request("import time\nwhile True:\n    time.sleep(0.01)", null), new RecordingOutput())));
        Thread.sleep(1500);

        session.interrupt();

        CellOutcome outcome = running.get(30, TimeUnit.SECONDS);
        assertEquals(CellStatus.STOPPED, outcome.status());
        assertEquals("'still here'", run("kept").value());
    }

    @Test
    void execute_timeout_interruptsTheCell() {
        CellOutcome outcome = assertTimeoutPreemptively(
                HANG_GUARD,
                () -> executor.execute(request("while True: pass", Duration.ofSeconds(2)), new RecordingOutput()));

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
        assertEquals("2", run("1 + 1").value());
    }

    @Test
    void execute_kernelKilledFromOutside_isReportedAndTheNextCellRestarts() throws Exception {
        run("doomed = 1");
        ProcessHandle kernel = executor.processOf("python3");
        assertNotNull(kernel);
        CompletableFuture<CellOutcome> running = new CompletableFuture<>();
        RecordingOutput output = new RecordingOutput();
        Thread.ofVirtual()
                .start(() -> running.complete(executor.execute(request("import time\ntime.sleep(60)", null), output)));
        Thread.sleep(1000);

        // the python process itself, below bubblewrap where the sandbox has it
        kernel.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("ipykernel"))
                .forEach(ProcessHandle::destroyForcibly);
        kernel.destroyForcibly();

        CellOutcome outcome = running.get(30, TimeUnit.SECONDS);
        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("kernel python3 died"), outcome.message());
        RecordingOutput next = new RecordingOutput();
        CellOutcome after = run("'doomed' in globals()", next);
        assertEquals("False", after.value());
        assertTrue(next.stderrText().contains("starting a fresh kernel python3"), next.stderrText());
    }

    @Test
    void execute_unknownKernel_failsNamingTheInstalledOnes() {
        CellRequest request = new CellRequest(
                "run-1",
                "cell",
                "python",
                "1",
                new Attributes(null, List.of(), Map.of("kernel", "nope")),
                Path.of("."),
                null,
                Map.of());

        CellOutcome outcome = executor.execute(request, new RecordingOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("no Jupyter kernel 'nope'"), outcome.message());
        assertTrue(outcome.message().contains("python3"), outcome.message());
    }

    @Test
    void execute_kernelInSandbox_cannotReadTheDataFolder() throws Exception {
        Files.writeString(data.resolve("secret.key"), "do not read");

        CellOutcome outcome = run("open(" + "'" + data.resolve("secret.key") + "').read()");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message().startsWith("FileNotFoundError")
                        || outcome.message().startsWith("PermissionError"),
                outcome.message());
    }
}
