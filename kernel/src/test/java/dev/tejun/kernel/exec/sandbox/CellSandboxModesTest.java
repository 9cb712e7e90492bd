package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's modes as {@code TEJUN_CELL_SANDBOX} chooses them: {@code user} (no namespaces: the data folder's
 * modes keep the cell out), {@code none} (a warning, the environment still scrubbed), and what {@code bwrap} binds.
 */
class CellSandboxModesTest {

    /** Stands for the admin password and every other server setting in the server's environment. */
    private static final String SERVER_SECRET = "TEJUN_ADMIN_PASSWORD";

    @TempDir
    Path data;

    private CellSandbox sandbox(String mode) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(SERVER_SECRET, "hunter2-admin");
        env.put(CellSandbox.MODE_ENV, mode);
        CellSandbox sandbox = CellSandbox.from(env, data);
        sandbox.guardDataFolder(); // as the server does at start
        return sandbox;
    }

    private String shell(CellSandbox sandbox, ControlPlane plane, String code) {
        Executor shell = new ShellExecutorFactory().create(new SessionContext("mine", plane.work, data, null, sandbox));
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = shell.execute(
                new CellRequest("run-1", "c1", "sh", code, Attributes.NONE, plane.work, null, Map.of()), out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
        return out.stdoutText();
    }

    @Test
    void userMode_shellCell_readsNothingByPermissions() throws IOException {
        ControlPlane plane = ControlPlane.layOut(data, false);
        CellSandbox sandbox = sandbox("user");
        assertEquals(
                CellSandbox.Mode.USER, sandbox.mode(), "needs root and the tejun-cell account: " + sandbox.warning());

        String out = shell(sandbox, plane, plane.shellAttack());

        String attempts = ControlPlane.attempts(out);
        assertFalse(
                attempts.contains("READ")
                        || attempts.contains("WROTE")
                        || attempts.contains("CREATED")
                        || attempts.contains("LISTED"),
                out);
        assertTrue(out.contains("uid=" + ControlPlane.cellUid() + "\n") && out.contains("WROTE own\n"), out);
        assertFalse(out.contains("hunter2-admin"), out);
        plane.assertUntouched();
        assertTrue(
                sandbox.warning().orElse("").contains("other sessions' work folders"),
                sandbox.warning().toString());
    }

    @Test
    void userMode_javaCell_readsNothingByPermissions() throws IOException {
        ControlPlane plane = ControlPlane.layOut(data, false);
        Executor java =
                new JavaExecutorFactory().create(new SessionContext("mine", plane.work, data, null, sandbox("user")));
        try {
            CellOutcome outcome = java.execute(
                    new CellRequest(
                            "run-1",
                            "c1",
                            "java",
                            plane.javaAttack(SERVER_SECRET),
                            Attributes.NONE,
                            plane.work,
                            null,
                            Map.of()),
                    new RecordingOutput());

            assertEquals("\"|null|" + ControlPlane.CELL_USER + "\"", outcome.value(), outcome.message());
        } finally {
            java.close();
        }
    }

    @Test
    void noneMode_warnsThatCellsAreNotIsolated_environmentStillScrubbed() throws IOException {
        ControlPlane plane = ControlPlane.layOut(data, true);
        CellSandbox sandbox = sandbox("none");

        assertEquals(CellSandbox.Mode.NONE, sandbox.mode());
        assertTrue(
                sandbox.warning().orElse("").contains("NOT ISOLATED"),
                sandbox.warning().toString());
        String out = shell(sandbox, plane, "env");
        assertFalse(out.contains("hunter2-admin") || out.contains(SERVER_SECRET), out);
    }

    @Test
    void bwrapMode_serverSettingInEnvironment_notPassed() throws IOException {
        ControlPlane plane = ControlPlane.layOut(data, true);

        String out = shell(sandbox("bwrap"), plane, "env");

        assertFalse(out.contains("hunter2-admin") || out.contains(SERVER_SECRET), out);
    }

    @Test
    void builder_bwrapMode_bindsOnlyTheWorkFolderOfTheDataFolder() throws IOException {
        ControlPlane plane = ControlPlane.layOut(data, true);
        CellSandbox sandbox = sandbox("bwrap");

        String line = String.join(
                " ",
                sandbox.builder(List.of("true"), plane.work, plane.work, Map.of(), List.of(), List.of(), true)
                        .command());

        assertTrue(line.contains("--tmpfs " + data + " "), line);
        assertTrue(line.contains("--bind " + plane.work + " " + plane.work), line);
        assertTrue(
                line.contains("--unshare-pid") && line.contains("--die-with-parent") && line.contains("--new-session"),
                line);
        assertEquals(Optional.of(ControlPlane.CELL_USER), sandbox.runsAs());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tejun.db"))));
    }

    @Test
    void from_unknownMode_refusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> CellSandbox.from(Map.of(CellSandbox.MODE_ENV, "jail"), data));

        assertTrue(e.getMessage().contains("auto, bwrap, user, none"), e.getMessage());
    }
}
