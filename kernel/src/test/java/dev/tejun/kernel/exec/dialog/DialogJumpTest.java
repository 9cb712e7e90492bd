package dev.tejun.kernel.exec.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.JumpFleet;
import dev.tejun.kernel.exec.remote.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dialog with devices that only a bastion reaches ({@link JumpFleet}: network namespaces, the targets' sshd running
 * the device console): the pseudo-terminal shell goes through the bastion named in the CMDB, as ssh cells do.
 */
@Tag("e2e")
class DialogJumpTest {

    static final String PASSWORD = "jump-Pa55-4Kx";

    @TempDir
    static Path dir;

    static JumpFleet fleet;

    @TempDir
    Path data;

    @BeforeAll
    static void start() throws Exception {
        Path console = Device.console(dir.resolve("console"), PASSWORD);
        Files.createDirectories(dir.resolve("targets"));
        Files.writeString(dir.resolve("targets").resolve("extra_config"), "ForceCommand " + console + "\n");
        fleet = JumpFleet.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void dialog_hostsBehindABastion_reachedThroughItWithTheirOwnConsoles() throws Exception {
        RecordingOutput output = new RecordingOutput();
        CellOutcome out;
        String t;
        try (CmdbStore cmdb = TestHosts.store(data)) {
            fleet.seed(cmdb, data);
            try (Executor dialog =
                    new DialogExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data))) {
                out = dialog.execute(
                        DialogCells.request("""
                                - expect: 'Username: '
                                  send: '$[host.name]'
                                - expect: 'Password: '
                                  send: '$[value.1]'
                                  secret: true
                                - expect: 'sw> '
                                  send: show version
                                - expect: 'serial (\\S+)'
                                  capture: serial
                                """, Map.of("hosts", "app"), data, Map.of("value.1", PASSWORD)), output);
                // read before the executor closes: its scratch folder goes with it, evidence keeps the copy
                t = Files.readString(out.artifacts().getFirst());
            }
        }

        assertEquals(CellStatus.OK, out.status(), out.message() + "\n" + output.stdoutText());
        // the console's serial comes from the user name's length: app1 and app2 both have 4 letters
        assertEquals("{\"app1\":{\"serial\":\"TJ4007\"},\"app2\":{\"serial\":\"TJ4007\"}}", out.value());
        assertTrue(t.contains(" app1 # connecting: ssh ") && t.contains("via bastion"), t);
        assertFalse(t.contains(PASSWORD), t);
    }
}
