package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.Approver;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code approve-after-first-batch=true batch=1} on an ansible cell, with the real ansible-playbook over a real sshd
 * on three loopback hosts: the playbook runs on the canary (web1) only, the run holds with the canary's result in the
 * approval while web2 and web3 have not started; approved, it runs on them; rejected, they are skipped.
 */
@Tag("e2e")
class AnsibleRolloutTest {

    static final String PLAYBOOK = """
            - hosts: web
              gather_facts: false
              tasks:
                - name: say
                  ansible.builtin.command: echo rolled
                  changed_when: false
            """;

    @SshdHosts(3)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Approvals approvals = Approvals.attended(Clock.systemUTC());
    Executor executor;
    HostOutput out = new HostOutput();

    @BeforeEach
    void seed() throws Exception {
        cmdb = TestHosts.open(data, sshd);
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null, approvals).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private CellOutcome run() {
        return run(executor, "run1");
    }

    private CellOutcome run(Executor on, String runId) {
        return run(on, runId, null);
    }

    private CellOutcome run(Executor on, String runId, Duration timeout) {
        return on.execute(
                new CellRequest(
                        runId,
                        "c1",
                        "ansible",
                        PLAYBOOK,
                        new Attributes("c1", List.of(), Map.of("batch", "1", "approve-after-first-batch", "true")),
                        null,
                        timeout,
                        Map.of(),
                        Map.of()),
                out);
    }

    @Test
    void execute_eachHostNamesItsBatchWhenItStarts() throws Exception {
        Approver approver = Approver.deciding(approvals, true, () -> "");

        CellOutcome outcome = run();
        approver.shown();

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertTrue(
                out.statuses().contains(new HostOutput.Status("web1", "running", "batch 1/2")),
                out.statuses().toString());
        for (String host : List.of("web2", "web3")) {
            assertTrue(
                    out.statuses().contains(new HostOutput.Status(host, "running", "batch 2/2")),
                    out.statuses().toString());
        }
    }

    @Test
    void execute_approvedAfterTheCellsTimeoutPassed_restNeverStartsAndTheCellTimesOut() throws Exception {
        // one timeout for the whole cell: the canary's run, the wait for the approver and the rest's run share it
        Duration timeout = Duration.ofSeconds(60);
        long start = System.nanoTime();
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                while (approvals.pending().isEmpty()) {
                    Thread.sleep(20);
                }
                Thread.sleep(Duration.ofNanos(Math.max(0, start + timeout.toNanos() - System.nanoTime()))
                        .plusSeconds(1));
                approvals.decide(approvals.pending().getFirst().id(), true, "boss", "late, but fine");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        CellOutcome outcome = run(executor, "run3", timeout);
        late.join(Duration.ofSeconds(10));

        assertEquals(CellStatus.TIMED_OUT, outcome.status(), outcome.message() + "\n" + out.all());
        assertEquals("ok", out.lastStatus("web1"), out.all());
        for (String host : List.of("web2", "web3")) {
            assertEquals("timed_out", out.lastStatus(host), out.statuses().toString());
        }
        assertFalse(
                out.statuses().stream()
                        .anyMatch(st -> !st.host().equals("web1") && st.status().equals("ok")),
                "web2 and web3 never ran the task: " + out.statuses());
    }

    @Test
    void execute_approvedAfterTheCanary_restRunsAfterwards() throws Exception {
        Approver approver =
                Approver.deciding(approvals, true, () -> out.lastStatus("web2") + "," + out.lastStatus("web3"));

        CellOutcome outcome = run();
        String shown = approver.shown();

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        assertTrue(shown.startsWith("first batch done (web1: "), shown);
        assertTrue(shown.endsWith("2 more hosts wait for approval: web2, web3"), shown);
        assertEquals("null,null", approver.seen(), "web2 and web3 had not started while the run held");
        assertTrue(out.out(null).contains("batch 1/2: web1\n"), out.out(null));
        assertTrue(out.out(null).contains("batch 2/2: web2, web3\n"), out.out(null));
        for (String host : List.of("web1", "web2", "web3")) {
            assertEquals("ok", out.lastStatus(host), host);
        }
    }

    @Test
    void execute_rejectedAfterTheCanary_restSkippedAndTheCellFails() throws Exception {
        Approver approver = Approver.deciding(approvals, false, () -> "");

        CellOutcome outcome = run();
        approver.shown();

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("rollout rejected after the first batch by boss: no"), outcome.message());
        assertEquals("ok", out.lastStatus("web1"));
        assertEquals("skipped", out.lastStatus("web2"));
        assertEquals("skipped", out.lastStatus("web3"));
    }

    @Test
    void execute_holdPointWithNobodyToApprove_refusedBeforeAnythingRuns() throws Exception {
        Path work = Files.createDirectories(data.resolve("work").resolve("s2"));
        Executor unattended = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s2", work, data));

        CellOutcome outcome = run(unattended, "run2");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("needs someone to approve"), outcome.message());
        assertEquals(null, out.lastStatus("web1"));
    }

    @Test
    void hosts_listHostsOfTwoPlays_eachHostOnceInOrder() {
        String listing = """

                playbook: playbook.yml

                  play #1 (web): first\tTAGS: []
                    pattern: ['web']
                    hosts (2):
                      web1
                      web2

                  play #2 (all): second\tTAGS: []
                    pattern: ['all']
                    hosts (3):
                      web2
                      db1
                      web1
                """;

        assertEquals(List.of("web1", "web2", "db1"), AnsibleRollout.hosts(listing));
    }
}
