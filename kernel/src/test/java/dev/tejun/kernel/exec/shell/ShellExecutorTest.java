package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellExecutorTest {

    @TempDir
    Path dir;

    private Executor executor() {
        return new ShellExecutorFactory().create(new SessionContext("s1", dir, dir));
    }

    private CellRequest request(String language, String code) {
        return new CellRequest("run-1", "cell-1", language, code, Attributes.NONE, dir, null, Map.of());
    }

    private CellOutcome run(String code, Output out) {
        return executor().execute(request("sh", code), out);
    }

    @Test
    void languages_areShBashShell() {
        assertEquals(Set.of("sh", "bash", "shell", "console", "shell-session"), new ShellExecutorFactory().languages());
    }

    @Test
    void execute_exitZero_isOk() {
        assertEquals(CellOutcome.ok(0, null), run("true", new RecordingOutput()));
    }

    @Test
    void execute_nonZeroExit_failsWithThatCode() {
        CellOutcome outcome = run("echo before\nexit 3", new RecordingOutput());

        assertEquals(CellOutcome.failed(3, "exit code 3"), outcome);
    }

    @Test
    void execute_failureNotLast_exitCodeIsLastCommands() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = run("false\necho after", out);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("after\n", out.stdoutText());
    }

    @Test
    void execute_setE_stopsAtFirstFailure() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = run("set -e\nfalse\necho after", out);

        assertEquals(CellOutcome.failed(1, "exit code 1"), outcome);
        assertEquals("", out.stdoutText());
    }

    @Test
    void execute_streamsSeparate_keptApart() {
        RecordingOutput out = new RecordingOutput();

        executor()
                .execute(
                        new CellRequest(
                                "run-1",
                                "cell-1",
                                "sh",
                                "echo to-out\necho to-err >&2\necho more-out",
                                new Attributes(null, List.of(), Map.of("streams", "separate")),
                                dir,
                                null,
                                Map.of()),
                        out);

        assertEquals("to-out\nmore-out\n", out.stdoutText());
        assertEquals("to-err\n", out.stderrText());
    }

    @Test
    void execute_largeOutput_deliveredByteExact() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        DigestingOutput out = new DigestingOutput();

        CellOutcome outcome = run("head -c " + data.length + " data.bin", out);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals(data.length, out.count);
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), out.hex());
    }

    @Test
    void execute_invalidUtf8_passedThroughRaw() {
        RecordingOutput out = new RecordingOutput();

        run("printf '\\377\\376A'", out);

        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 'A'}, out.bytes(Stream.STDOUT));
    }

    @Test
    void execute_cwdAttribute_runsInSubdirectory() throws Exception {
        Files.createDirectories(dir.resolve("sub/deeper"));
        RecordingOutput out = new RecordingOutput();
        CellRequest req = new CellRequest(
                "run-1",
                "c",
                "sh",
                "pwd",
                new Attributes(null, List.of(), Map.of("cwd", "sub/deeper")),
                dir,
                null,
                Map.of());

        executor().execute(req, out);

        assertEquals(dir.resolve("sub/deeper").toRealPath() + "\n", out.stdoutText());
    }

    @Test
    void execute_noCwd_runsInWorkDir() throws Exception {
        RecordingOutput out = new RecordingOutput();

        run("pwd", out);

        assertEquals(dir.toRealPath() + "\n", out.stdoutText());
    }

    @Test
    void execute_cwdLeavingWorkDir_failsWithoutRunning() throws Exception {
        Files.createDirectories(dir.resolve("inside"));
        Path outside = Files.createTempDirectory("tejun-outside");
        Files.createSymbolicLink(dir.resolve("inside/link"), outside);
        for (String cwd : List.of("..", "inside/link", outside.toString())) {
            RecordingOutput out = new RecordingOutput();
            CellRequest req = new CellRequest(
                    "run-1",
                    "c",
                    "sh",
                    "touch ran",
                    new Attributes(null, List.of(), Map.of("cwd", cwd)),
                    dir.resolve("inside"),
                    null,
                    Map.of());

            CellOutcome outcome = executor().execute(req, out);

            assertEquals(CellStatus.FAILED, outcome.status(), cwd);
            assertTrue(outcome.message().contains("cwd=" + cwd), outcome.message());
        }
        assertTrue(Files.notExists(dir.resolve("ran")));
        assertTrue(Files.notExists(outside.resolve("ran")));
        Files.delete(outside);
    }

    @Test
    void execute_env_addedToInheritedEnvironment() {
        RecordingOutput out = new RecordingOutput();
        CellRequest req = new CellRequest(
                "run-1",
                "c",
                "sh",
                "echo \"$TEJUN_TEST_VAR|$PATH\"",
                Attributes.NONE,
                dir,
                null,
                Map.of("TEJUN_TEST_VAR", "hello world"));

        executor().execute(req, out);

        assertEquals("hello world|" + System.getenv("PATH") + "\n", out.stdoutText());
    }

    @Test
    void execute_stdin_isEmpty() {
        RecordingOutput out = new RecordingOutput();
        CellRequest req = new CellRequest(
                "run-1", "c", "sh", "cat\necho done", Attributes.NONE, dir, Duration.ofSeconds(60), Map.of());

        CellOutcome outcome = executor().execute(req, out);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("done\n", out.stdoutText());
    }

    @Test
    void execute_bash_runsBash() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome =
                executor().execute(request("bash", "[[ abc == a* ]] && echo \"${BASH_VERSION:+bash}\""), out);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("bash\n", out.stdoutText());
    }

    @Test
    void execute_shellFence_isBashSoBraceRangesExpand() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor().execute(request("shell", "for i in {09..11}; do printf '%s ' $i; done"), out);

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals("09 10 11 ", out.stdoutText());
    }

    @Test
    void execute_pastedSession_runsOnlyThePromptedCommands() {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor().execute(request("sh", "$ echo one\nrm-this-output-line\n$ echo two\n"), out);

        assertEquals(CellStatus.OK, outcome.status(), out.stderrText());
        assertEquals("one\ntwo\n", out.stdoutText());
        assertTrue(out.stderrText().contains("1 line of pasted output are not run"), out.stderrText());
    }

    @Test
    void execute_shellCannotStart_failsWithMessage() {
        Executor broken = new ShellExecutor(
                new SessionContext("s", dir, dir), new Programs(Path.of("/nonexistent/sh"), null, null, null), null);

        CellOutcome outcome = broken.execute(request("sh", "true"), new RecordingOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("cannot start /nonexistent/sh"), outcome.message());
    }

    @Test
    void execute_scriptFile_removedAfterwards() throws Exception {
        RecordingOutput out = new RecordingOutput();

        run("echo \"$0\"", out);

        Path script = Path.of(out.stdoutText().strip());
        assertTrue(script.getFileName().toString().startsWith("tejun-cell-"), script.toString());
        assertTrue(Files.notExists(script));
    }

    @Test
    void execute_alreadyInterrupted_runsNothingAndKeepsFlag() {
        Thread.currentThread().interrupt();
        CellOutcome outcome;
        boolean flag;
        try {
            outcome = run("touch ran", new RecordingOutput());
        } finally {
            flag = Thread.interrupted();
        }

        assertEquals(CellStatus.STOPPED, outcome.status());
        assertTrue(flag);
        assertTrue(Files.notExists(dir.resolve("ran")));
    }

    @Test
    void execute_outputThrows_failsAfterDrainingWithoutHanging() {
        Output broken = new Output() {
            @Override
            public void write(Stream stream, String host, byte[] data, int offset, int length) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void result(String mime, String data) {}
        };

        CellOutcome outcome = run("head -c 5000000 /dev/zero", broken);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.message().contains("disk full"), outcome.message());
    }

    /** Counts and hashes the stream instead of keeping 20 MB. */
    private static final class DigestingOutput implements Output {
        private final MessageDigest sha;
        long count;

        DigestingOutput() throws Exception {
            sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
            assertEquals(Stream.STDOUT, stream);
            sha.update(data, offset, length);
            count += length;
        }

        @Override
        public void result(String mime, String data) {}

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
