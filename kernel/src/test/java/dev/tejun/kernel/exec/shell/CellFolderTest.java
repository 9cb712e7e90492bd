package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shell cells start in their runbook's own folder, so a script and a file beside the runbook are found as their
 * author meant, sandboxed (bubblewrap and the {@code tejun-cell} account, as {@code ./tejun test} provides) and
 * not; {@code cwd=} moves them inside the runbooks folder and no further; the data folder stays out of sight.
 */
class CellFolderTest {

    @TempDir
    Path tmp;

    Path runbooks;
    Path ops;
    Path data;
    Path work;

    @BeforeEach
    void layOut() throws IOException {
        open(tmp);
        runbooks = open(Files.createDirectories(tmp.resolve("runbooks")));
        ops = open(Files.createDirectories(runbooks.resolve("ops")));
        Files.writeString(ops.resolve("deploy.md"), "```sh\n./check.sh\n```\n");
        script(ops.resolve("check.sh"), "#!/bin/sh\necho \"checked $(cat files/app.conf) in $(pwd)\"\n");
        open(Files.createDirectories(ops.resolve("files")));
        Files.writeString(ops.resolve("files/app.conf"), "port=80");
        Path tools = open(Files.createDirectories(runbooks.resolve("shared/tools")));
        open(tools.getParent());
        script(tools.resolve("hello.sh"), "#!/bin/sh\necho \"hello from $(pwd)\"\n");
        data = Files.createDirectories(runbooks.resolve(".tejun"));
        Files.writeString(data.resolve("tejun.db"), "control plane");
        work = Files.createDirectories(data.resolve("work").resolve("s1"));
    }

    private static Path open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Executor executor(String sandbox) {
        CellSandbox cells = CellSandbox.from(Map.of(CellSandbox.MODE_ENV, sandbox), data);
        return new ShellExecutorFactory(runbooks)
                .create(new SessionContext("s1", work, data, ops.resolve("deploy.md"), cells));
    }

    private static CellOutcome run(Executor executor, String code, String cwd, RecordingOutput out) {
        Attributes attributes = cwd == null ? Attributes.NONE : new Attributes(null, List.of(), Map.of("cwd", cwd));
        return executor.execute(new CellRequest("run-1", "c1", "sh", code, attributes, null, null, Map.of()), out);
    }

    private static String ok(Executor executor, String code, String cwd) {
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = run(executor, code, cwd, out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stdoutText() + out.stderrText());
        return out.stdoutText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "none"})
    void execute_scriptBesideRunbook_runsInRunbooksFolder(String sandbox) {
        String out = ok(executor(sandbox), "./check.sh", null);

        assertEquals("checked port=80 in " + ops + "\n", out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "none"})
    void execute_cwdBesideRunbook_runsThereThenBack(String sandbox) {
        Executor executor = executor(sandbox);

        assertEquals(
                "hello from " + runbooks.resolve("shared/tools") + "\n", ok(executor, "./hello.sh", "../shared/tools"));
        assertEquals("checked port=80 in " + ops + "\n", ok(executor, "./check.sh", null));
        assertEquals(
                "hello from " + runbooks.resolve("shared/tools") + "\n", ok(executor, "./hello.sh", "../shared/tools"));
    }

    @Test
    void execute_sandboxed_runbooksFolderReadOnly() {
        String out = ok(executor("bwrap"), "echo x > made.txt || echo refused", null);

        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.endsWith("refused\n"), out);
        assertFalse(Files.exists(ops.resolve("made.txt")));
    }

    @Test
    void execute_sandboxed_dataFolderInsideRunbooksFolderLooksEmpty() {
        String out = ok(executor("bwrap"), "ls -A ../.tejun; cat ../.tejun/tejun.db 2>/dev/null || echo unread", null);

        assertFalse(out.contains("tejun.db"), out);
        assertTrue(out.endsWith("unread\n"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "none"})
    void execute_cwdHome_runsInWritableWorkFolder(String sandbox) throws IOException {
        String out = ok(executor(sandbox), "pwd; echo mine > own.txt", "~");

        assertEquals(work.toRealPath() + "\n", out);
        assertEquals("mine\n", Files.readString(work.resolve("own.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../..", "/etc", ".tejun/..//../..", "../.tejun", "missing"})
    void execute_cwdOutsideRunbooksOrIntoDataFolder_refusedBeforeRunning(String cwd) {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = run(executor("none"), "echo ran", cwd, out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("cwd=" + cwd + " "), outcome.message());
        assertEquals("", out.stdoutText());
    }

    @Test
    void execute_runbooksFolderClosedToCellUser_runsInWorkFolderNamedFolderRefused() throws IOException {
        Files.setPosixFilePermissions(ops, PosixFilePermissions.fromString("rwx------"));
        Executor executor = executor("bwrap");
        RecordingOutput first = new RecordingOutput();

        assertEquals(CellStatus.OK, run(executor, "pwd", null, first).status(), first.stderrText());

        assertEquals(work.toRealPath() + "\n", first.stdoutText());
        assertEquals("", first.stderrText(), "the cell's output stays its own; the server's log says why");
        RecordingOutput named = new RecordingOutput();
        CellOutcome refused = run(executor, "pwd", ".", named);
        assertEquals(CellStatus.FAILED, refused.status());
        assertTrue(refused.message().contains("does not let the cell user"), refused.message());
    }
}
