package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tejun run from a folder the cell user cannot pass, as root's home is ({@code /root/tejun}, mode 0700 on
 * {@code /root}): its data folder and its runbooks lie behind it. Cells ran as the cell user could reach neither their
 * work folder nor the runbook's: every shell cell failed with "Permission denied", and every Java cell after a 20 s
 * wait ("Accept timed out"). Under bubblewrap the closed folder is now covered by an empty one the cell user can pass,
 * holding only what is bound back.
 *
 * <p>Not under {@code /tmp}: the sandbox empties that anyway, which is why tests there never showed it.
 */
class ClosedInstallFolderTest {

    private Path closed;
    private Path data;
    private Path runbook;

    @BeforeEach
    void layOut() throws IOException {
        Files.createDirectories(Path.of("target"));
        closed = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "closed-");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path install = Files.createDirectories(closed.resolve("tejun"));
        data = Files.createDirectories(install.resolve(".tejun"));
        Path runbooks = Files.createDirectories(install.resolve("runbooks"));
        runbook = Files.writeString(runbooks.resolve("r.md"), "# R\n");
        Files.writeString(runbooks.resolve("app.conf"), "port=8080\n");
    }

    @AfterEach
    void removeIt() throws IOException {
        try (Stream<Path> all = Files.walk(closed)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private SessionContext session() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(CellSandbox.MODE_ENV, "bwrap");
        CellSandbox sandbox = CellSandbox.from(env, data);
        sandbox.guardDataFolder();
        assertEquals(CellSandbox.Mode.BWRAP, sandbox.mode(), sandbox.warning().orElse(""));
        assertEquals(Optional.of(ControlPlane.CELL_USER), sandbox.runsAs());
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        return new SessionContext("s1", work, data, runbook, sandbox);
    }

    private static CellOutcome run(
            Executor executor, SessionContext session, String language, String code, RecordingOutput out) {
        CellOutcome outcome = executor.execute(
                new CellRequest("run-1", "c1", language, code, Attributes.NONE, session.workDir(), null, Map.of()),
                out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
        return outcome;
    }

    @Test
    void shellCell_startsInTheRunbooksFolderBehindIt_andWritesItsWorkFolder() throws IOException {
        SessionContext session = session();
        Executor shell = new ShellExecutorFactory().create(session);
        try {
            RecordingOutput out = new RecordingOutput();
            run(shell, session, "sh", "pwd; id -un; cat app.conf; echo made > \"$HOME/note\"; ls -A " + closed, out);

            assertEquals(
                    runbook.getParent().toRealPath() + "\n" + ControlPlane.CELL_USER + "\nport=8080\ntejun\n",
                    out.stdoutText());
            assertEquals("made\n", Files.readString(session.workDir().resolve("note")));
        } finally {
            shell.close();
        }
    }

    @Test
    void javaCell_itsAgentStartsInTheWorkFolderBehindIt() throws IOException {
        SessionContext session = session();
        Executor java = new JavaExecutorFactory().create(session);
        try {
            CellOutcome outcome = run(
                    java,
                    session,
                    "java",
                    "System.getProperty(\"user.name\") + \"@\" + java.nio.file.Path.of(\"\").toAbsolutePath()",
                    new RecordingOutput());

            assertEquals(
                    "\"" + ControlPlane.CELL_USER + "@" + session.workDir().toRealPath() + "\"",
                    outcome.value(),
                    outcome.message());
        } finally {
            java.close();
        }
    }

    @Test
    void bwrapLine_coversTheClosedFolderOnce_andBindsWhatTheCellNeedsBehindIt() throws IOException {
        SessionContext session = session();
        String line = String.join(
                " ",
                session.sandbox()
                        .builder(
                                List.of("true"),
                                session.workDir(),
                                session.workDir(),
                                Map.of(),
                                List.of(),
                                List.of(runbook.getParent()),
                                false)
                        .command());

        assertTrue(line.contains("--tmpfs " + closed + " "), line);
        assertTrue(line.contains("--ro-bind " + runbook.getParent() + " " + runbook.getParent()), line);
        assertTrue(line.contains("--bind " + session.workDir() + " " + session.workDir()), line);
        assertEquals(1, line.split("--tmpfs " + closed + " ", -1).length - 1, line);
    }

    @Test
    void userMode_atStart_warnsThatCellsCannotReachTheirWorkFolders() throws IOException {
        // without namespaces nothing can be bound in: the server says so at start instead of every cell failing
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        String before = System.getProperty(CellSandbox.MODE_PROPERTY);
        System.setProperty(CellSandbox.MODE_PROPERTY, "user");
        try {
            CellSandbox.atStart(data, new PrintStream(said, true, StandardCharsets.UTF_8));
        } finally {
            if (before == null) {
                System.clearProperty(CellSandbox.MODE_PROPERTY);
            } else {
                System.setProperty(CellSandbox.MODE_PROPERTY, before);
            }
        }

        String out = said.toString(StandardCharsets.UTF_8);
        assertTrue(
                out.contains("cells cannot reach their work folders in " + data + ": " + closed
                        + " does not let the cell user " + ControlPlane.CELL_USER + " pass"),
                out);
    }
}
