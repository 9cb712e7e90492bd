package dev.tejun.kernel.exec.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dialog cells against a device console behind a real sshd (two loopback hosts, a pseudo-terminal each): login with
 * the CMDB's secret, a capture, a paged listing, a step that times out, and steps taken only on a match.
 */
@Tag("e2e")
class DialogExecutorTest {

    @SshdHosts(value = 2, setup = Device.Console.class)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor dialog;
    RecordingOutput output;

    static final String LOGIN = """
            - expect: 'Username: '
              send: '$[host.user]'
            - expect: 'Password: '
              send: '$[host.db_password]'
              secret: true
            - expect: 'sw> '
            """;

    @BeforeEach
    void open() throws Exception {
        cmdb = TestHosts.open(data, sshd);
        dialog = new DialogExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
        output = new RecordingOutput();
    }

    @AfterEach
    void close() {
        dialog.close();
        cmdb.close();
    }

    private CellOutcome run(String steps, Map<String, String> attrs, Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(Map.of("hosts", "web"));
        all.putAll(attrs);
        return dialog.execute(DialogCells.request(steps, all, data, variables), output);
    }

    @Test
    void dialog_loginCaptureAndPager_capturesPerHostAndMasksThePassword() throws Exception {
        CellOutcome out = run(LOGIN + """
                          send: show version
                        - expect: 'Version (\\S+),'
                          capture: version
                        - expect: 'sw> '
                          send: show running-config
                        - expect: 'end'
                          more: '--More--'
                          timeout: 5s
                        - expect: 'sw> '
                          send: exit
                        - expect: bye
                        """, Map.of(), Map.of());

        assertEquals(CellStatus.OK, out.status(), out.message() + "\n" + output.stdoutText());
        JsonNode value = Json.MAPPER.readTree(out.value());
        assertEquals("9.4(2)", value.path("web1").path("version").asText(), out.value());
        assertEquals("9.4(2)", value.path("web2").path("version").asText(), out.value());
        // the pager was answered twice: every line came
        assertTrue(output.stdoutText().contains("interface Gi0/25"), output.stdoutText());
        Path transcript = out.artifacts().getFirst();
        String t = Files.readString(transcript);
        assertTrue(t.contains(" web1 > show version"), t);
        assertTrue(t.contains(" web2 < "), t);
        assertTrue(t.contains(" web1 > ********"), "the password sent is masked: " + t);
        assertFalse(t.contains(TestHosts.DB_PASSWORD), t);
        assertFalse(output.stdoutText().contains(TestHosts.DB_PASSWORD));
        assertTrue(t.matches("(?s)\\d{4}-\\d\\d-\\d\\dT.*"), "lines are timestamped: " + t);
    }

    @Test
    void dialog_stepTimesOut_failsTheHostWithTheScreenTail() {
        CellOutcome out = run(LOGIN + """
                          send: show version
                        - expect: 'this never comes'
                          timeout: 1s
                        """, Map.of("hosts", "web1"), Map.of());

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("step 4: expected /this never comes/ not seen within 1 s"), out.message());
        assertTrue(out.message().contains("TJ-OS Version 9.4(2)"), "the screen's end is shown: " + out.message());
        assertFalse(out.message().contains(TestHosts.DB_PASSWORD));
    }

    @Test
    void dialog_ifOnAnOptionalMatch_takesOnlyTheBranchThatApplies() throws Exception {
        CellOutcome out = run(LOGIN + """
                          send: enable
                        - expect: 'enable mode'
                          id: enabled
                          optional: true
                          timeout: 500ms
                        - if: enabled
                          send: show secrets
                        - if: '!enabled'
                          send: show version
                        - expect: 'serial (\\S+)'
                          capture: serial
                        """, Map.of("hosts", "web1"), Map.of());

        assertEquals(CellStatus.OK, out.status(), out.message());
        String t = Files.readString(out.artifacts().getFirst());
        assertTrue(t.contains("step 5: skipped (if: enabled)"), t);
        assertFalse(t.contains("> show secrets"), t);
        assertTrue(
                Json.MAPPER
                        .readTree(out.value())
                        .path("web1")
                        .path("serial")
                        .asText()
                        .startsWith("TJ"),
                out.value());
    }

    @Test
    void dialog_valueFromTheRun_isSentAsDataNotReadAsSteps() throws Exception {
        // a value with a newline and YAML in it: one text sent, never a step of its own
        Rendered rendered = Template.CELLS.render(
                LOGIN + "  send: ${params.cmd}\n- expect: 'Unknown command: nope'\n"
                        // the value's second line reaches the device as text typed, never as a step of the dialog
                        + "- expect: 'Unknown command: - send: exit'\n",
                r -> Optional.of(new Slot(r, "nope\n- send: exit", null)),
                new DialogExecutorFactory(cmdb).quoting());
        assertTrue(rendered.text().contains("  send: $[value.1]\n"), rendered.text());
        CellOutcome out = run(rendered.text(), Map.of("hosts", "web1"), rendered.variables());

        assertEquals(CellStatus.OK, out.status(), out.message() + output.stdoutText());
        assertTrue(output.stdoutText().contains("Unknown command: - send: exit"), output.stdoutText());
    }

    @Test
    void dialog_badScript_refusedBeforeAnyHostIsContacted() {
        CellOutcome out = run("- expect: 'x'\n  sned: typo\n", Map.of(), Map.of());

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("step 1: unknown key 'sned'"), out.message());
        assertEquals("", output.stdoutText());
    }

    @Test
    void dialog_batchCanaryFails_secondBatchNeverStartsAndItsHostIsSkipped() throws Exception {
        // web1 (the canary) answers "Unknown command: web1", not what the step waits for; web2 would pass
        CellOutcome out = run(LOGIN + """
                          send: '$[host.name]'
                        - expect: 'Unknown command: web2'
                          timeout: 1s
                        """, Map.of("batch", "1"), Map.of());

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().startsWith("rollout stopped after batch 1 of 2: 1 of 1 hosts failed"), out.message());
        assertTrue(output.stdoutText().contains("batch 1/2: web1"), output.stdoutText());
        assertFalse(output.stdoutText().contains("batch 2/2"), output.stdoutText());
        String t = Files.readString(out.artifacts().getFirst());
        assertFalse(t.contains(" web2 "), "web2 was never contacted: " + t);
        JsonNode hosts = Json.MAPPER.readTree(output.results().getLast().data()).path("hosts");
        assertEquals("skipped", hosts.path(1).path("status").asText(), hosts.toString());
    }

    @Test
    void dialog_batchWithinMaxFail_everyBatchRuns() throws Exception {
        CellOutcome out = run(LOGIN + """
                          send: '$[host.name]'
                        - expect: 'Unknown command: web2'
                          timeout: 1s
                        """, Map.of("batch", "1", "max-fail", "1", "allow-failures", "1"), Map.of());

        assertEquals(CellStatus.OK, out.status(), out.message());
        assertTrue(output.stdoutText().contains("batch 2/2: web2"), output.stdoutText());
    }

    @Test
    void dialog_approveAfterFirstBatchWithNobodyToApprove_refusedBeforeAnyHostIsContacted() {
        CellOutcome out = run(LOGIN, Map.of("batch", "1", "approve-after-first-batch", "true"), Map.of());

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("approve-after-first-batch=true needs someone to approve"), out.message());
        assertEquals("", output.stdoutText());
    }
}
