package dev.tejun.kernel.exec.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.Approver;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.pause.Approvals;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code approve-after-first-batch=true} on a dialog cell against two device consoles behind a real sshd: the run
 * holds after the canary (web1) until an approver decides, with the canary's result in the approval; approved, web2
 * runs; rejected, web2 is skipped and the cell fails saying who rejected it. The cell's result (evidence) lists each
 * batch with its hosts and tally, as an ssh cell's does.
 */
@Tag("e2e")
class DialogHoldPointTest {

    @SshdHosts(value = 2, setup = Device.Console.class)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Approvals approvals = Approvals.attended(Clock.systemUTC());
    Executor dialog;
    HostOutput output = new HostOutput();

    static final String STEPS = """
            - expect: 'Username: '
              send: '$[host.user]'
            - expect: 'Password: '
              send: '$[host.db_password]'
              secret: true
            - expect: 'sw> '
              send: exit
            - expect: bye
            """;

    @BeforeEach
    void open() throws Exception {
        cmdb = TestHosts.open(data, sshd);
        dialog =
                new DialogExecutorFactory(cmdb, approvals).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        dialog.close();
        cmdb.close();
    }

    private CellOutcome run() {
        return dialog.execute(
                DialogCells.request(
                        STEPS,
                        Map.of("hosts", "web", "batch", "1", "approve-after-first-batch", "true"),
                        data,
                        Map.of()),
                output);
    }

    @Test
    void dialog_approvedAfterTheCanary_approverSawItThenTheRestRan() throws Exception {
        Approver approver = Approver.deciding(approvals, true, () -> String.valueOf(output.lastStatus("web2")));

        CellOutcome out = run();
        String shown = approver.shown();

        assertEquals(CellStatus.OK, out.status(), out.message() + "\n" + output.all());
        assertTrue(shown.startsWith("first batch done, 1 more host in 1 batch wait for approval:"), shown);
        assertTrue(shown.contains("web1 ok"), shown);
        assertEquals("null", approver.seen(), "web2 had not started while the run held");
        assertTrue(output.all().contains("approved by boss: canary fine"), output.all());
        assertEquals("ok", output.lastStatus("web2"));
        String json = output.results().getLast();
        assertTrue(
                json.contains("\"batches\":[{\"batch\":1,\"hosts\":[\"web1\"],\"ok\":1,\"failed\":0},"
                        + "{\"batch\":2,\"hosts\":[\"web2\"],\"ok\":1,\"failed\":0}]"),
                json);
        assertTrue(json.contains("{\"host\":\"web2\",\"batch\":2,\"status\":\"ok\""), json);
    }

    @Test
    void dialog_rejectedAfterTheCanary_restSkippedAndTheCellFails() throws Exception {
        Approver approver = Approver.deciding(approvals, false, () -> "");

        CellOutcome out = run();
        approver.shown();

        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("rollout rejected after the first batch by boss: no"), out.message());
        assertEquals("skipped", output.lastStatus("web2"));
        assertFalse(output.all().contains("batch 2/2"), output.all());
        String json = output.results().getLast();
        assertTrue(json.contains("\"stopped\":\"rollout rejected after the first batch by boss: no\""), json);
    }
}
