package dev.tejun.kernel.exec.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dialog cells over telnet to a real telnetd (Debian's inetutils-telnetd on 127.0.0.6, the device console in place
 * of login): the CMDB credential is the console password, and the dialog is a collector of the firmware version.
 */
@Tag("e2e")
class DialogTelnetTest {

    static final String PASSWORD = "tel-Pa55-9Zq";
    static final String ADDRESS = "127.0.0.6";

    @TempDir
    static Path dir;

    static Device telnetd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor dialog;
    RecordingOutput output = new RecordingOutput();

    static final String STEPS = """
            - expect: 'Username: '
              send: '$[host.user]'
            - expect: 'Password: '
              send: '$[host.credential]'
            - expect: 'sw> '
              send: show version
            - expect: 'Version ([^,]+),'
              capture: os_version
            - expect: 'sw> '
              send: exit
            """;

    @BeforeAll
    static void start() throws Exception {
        telnetd = Device.telnetd(dir, ADDRESS, Device.console(dir, PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        telnetd.close();
    }

    @BeforeEach
    void seed() {
        cmdb = TestHosts.store(data);
        TestHosts.addHost(cmdb, "sw1", ADDRESS, 22, "admin", PASSWORD, "switches");
        cmdb.putSheet(SheetDef.host("firmware", "", ColumnDef.of("os_version", ColumnType.STRING)), TestHosts.WHO);
        cmdb.putSheet(
                SheetDef.host("firmware_seen", "", ColumnDef.of("os_version", ColumnType.STRING))
                        .observing(new SheetDef.Pairing("firmware", Map.of())),
                TestHosts.WHO);
        cmdb.register("firmware", RowDraft.host("sw1", Map.of("os_version", "9.5(1)")), TestHosts.WHO);
        dialog = new DialogExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        dialog.close();
        cmdb.close();
    }

    private CellOutcome run(String steps, Map<String, String> attrs) {
        Map<String, String> all = new HashMap<>(
                Map.of("hosts", "switches", "transport", "telnet", "telnet-port", String.valueOf(telnetd.port())));
        all.putAll(attrs);
        return dialog.execute(
                new CellRequest(
                        "r1", "d1", "dialog", steps, new Attributes("d1", List.of(), all), data, null, Map.of()),
                output);
    }

    @Test
    void telnet_loginWithTheCmdbCredential_capturesAndMasksIt() throws Exception {
        CellOutcome out = run(STEPS, Map.of());

        assertEquals(CellStatus.OK, out.status(), out.message() + "\n" + output.stdoutText());
        assertEquals("{\"sw1\":{\"os_version\":\"9.4(2)\"}}", out.value());
        assertTrue(output.stdoutText().contains("hello admin"), output.stdoutText());
        String t = Files.readString(out.artifacts().getFirst());
        assertTrue(t.contains(" sw1 # connecting: telnet " + ADDRESS), t);
        assertFalse(t.contains(PASSWORD), "the credential is masked in the transcript: " + t);
        assertTrue(t.contains(" sw1 > ********"), t);
    }

    @Test
    void telnet_asCollector_storesTheCaptureInTheObservedSheetAndDriftShows() {
        CellOutcome out = run(STEPS, Map.of("into", "firmware_seen"));

        assertEquals(CellStatus.OK, out.status(), out.message());
        var rows = cmdb.list("firmware_seen", RowQuery.active());
        assertEquals(1, rows.size());
        assertEquals("9.4(2)", String.valueOf(rows.getFirst().values().get("os_version")));
        assertEquals(1, cmdb.drift("firmware").getFirst().drifted(), "expected 9.5(1), seen 9.4(2)");
    }

    @Test
    void telnet_collectorCaptureNotAColumn_refusedBeforeConnecting() {
        CellOutcome out =
                run(STEPS.replace("capture: os_version", "capture: release"), Map.of("into", "firmware_seen"));

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("capture release is no column of firmware_seen"), out.message());
        assertTrue(cmdb.list("firmware_seen", RowQuery.active()).isEmpty());
    }

    @Test
    void telnet_nothingListens_hostUnreachableWithTheReason() throws Exception {
        CellOutcome out =
                run(STEPS, Map.of("telnet-port", String.valueOf(dev.tejun.kernel.exec.remote.Sshd.freePort())));

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("sw1: telnet " + ADDRESS), out.message());
    }
}
