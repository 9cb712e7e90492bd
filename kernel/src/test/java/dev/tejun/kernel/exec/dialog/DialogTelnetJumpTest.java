package dev.tejun.kernel.exec.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.JumpFleet;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transport=telnet} to a device only a bastion reaches ({@link JumpFleet}: network namespaces; a real telnetd
 * in the targets' namespace): the telnet stream is forwarded by the bastion named in the CMDB (an SSH direct-tcpip
 * channel), and without the bastion the device cannot be reached at all.
 */
@Tag("e2e")
class DialogTelnetJumpTest {

    static final String PASSWORD = "teljump-Pa55-3Vw";

    @TempDir
    static Path dir;

    static JumpFleet fleet;
    static Device telnetd;

    @TempDir
    Path data;

    @BeforeAll
    static void start() throws Exception {
        fleet = JumpFleet.start(dir);
        telnetd = Device.telnetd(
                dir, fleet.net.targetAddresses().getFirst(), Device.console(dir, PASSWORD), fleet.net.targets());
    }

    @AfterAll
    static void stop() throws Exception {
        if (telnetd != null) {
            telnetd.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    /** What a dialog cell gave, with its transcript read before the executor's scratch folder goes. */
    private record Ran(CellOutcome outcome, String transcript) {}

    private Ran dialog(String jump, RecordingOutput output) throws Exception {
        try (CmdbStore cmdb = TestHosts.store(data)) {
            fleet.seed(cmdb, data);
            Map<String, Object> sw = new LinkedHashMap<>();
            sw.put("address", fleet.net.targetAddresses().getFirst());
            sw.put("user", "admin");
            sw.put("credential", PASSWORD);
            sw.put("groups", "switches");
            if (jump != null) {
                sw.put("jump", jump);
            }
            cmdb.register("hosts", RowDraft.host("sw1", sw), TestHosts.WHO);
            try (Executor dialog =
                    new DialogExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data))) {
                CellOutcome out = dialog.execute(
                        new CellRequest(
                                "r1",
                                "d1",
                                "dialog",
                                DialogTelnetTest.STEPS,
                                new Attributes(
                                        "d1",
                                        List.of(),
                                        Map.of(
                                                "hosts", "switches",
                                                "transport", "telnet",
                                                "telnet-port", String.valueOf(telnetd.port()),
                                                "connect-timeout", "5s")),
                                data,
                                null,
                                Map.of()),
                        output);
                return new Ran(
                        out,
                        out.artifacts().isEmpty()
                                ? ""
                                : Files.readString(out.artifacts().getFirst()));
            }
        }
    }

    @Test
    void telnet_deviceBehindABastion_reachedThroughItAndTheCredentialMasked() throws Exception {
        RecordingOutput output = new RecordingOutput();

        Ran ran = dialog("bastion", output);
        CellOutcome out = ran.outcome();

        assertEquals(CellStatus.OK, out.status(), out.message() + "\n" + output.stdoutText());
        assertEquals("{\"sw1\":{\"os_version\":\"9.4(2)\"}}", out.value());
        assertFalse(output.stdoutText().contains(PASSWORD), output.stdoutText());
        String transcript = ran.transcript();
        assertTrue(
                transcript.contains(" sw1 # connecting: telnet "
                        + fleet.net.targetAddresses().getFirst() + ":" + telnetd.port() + " via bastion"),
                transcript);
    }

    @Test
    void telnet_sameDeviceWithoutTheBastion_unreachable() throws Exception {
        RecordingOutput output = new RecordingOutput();

        CellOutcome out = dialog(null, output).outcome();

        assertEquals(CellStatus.FAILED, out.status(), out.message() + "\n" + output.stdoutText());
        assertTrue(
                output.stdoutText().contains("telnet") || out.message().contains("telnet"),
                out.message() + "\n" + output.stdoutText());
    }
}
