package dev.tejun.kernel.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.pause.Approval;
import dev.tejun.kernel.flow.pause.Approvals;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling ssh cells over 20 real loopback hosts: batches, the failure limit that stops them, the canary's hold. */
@Tag("e2e")
class RollingSshTest {

    @SshdHosts(20)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Approvals approvals = Approvals.attended(Clock.systemUTC());
    Executor executor;

    @BeforeEach
    void seed() throws Exception {
        cmdb = TestHosts.store(data);
        for (int i = 0; i < 20; i++) {
            // h01..h20: names that sort in address order, so the batches are predictable
            TestHosts.addHost(cmdb, String.format("h%02d", i + 1), sshd, i, sshd.clientKeyText(), "fleet", null);
        }
        Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        executor = new SshExecutorFactory(cmdb, HostKeyPolicy.STRICT, approvals)
                .create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private static CellRequest cell(String code, String... kv) {
        Map<String, String> attrs = new LinkedHashMap<>(Map.of("hosts", "fleet", "parallel", "20"));
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put(kv[i], kv[i + 1]);
        }
        return new CellRequest("run1", "c1", "ssh", code, new Attributes("c1", List.of(), attrs), null, null, Map.of());
    }

    /** A command that fails on the hosts at these indexes and prints which host it ran on. */
    private static String failingOn(int... indexes) {
        StringBuilder cases = new StringBuilder();
        for (int i : indexes) {
            cases.append(cases.isEmpty() ? "" : "|")
                    .append("*\" ")
                    .append(sshd.address(i))
                    .append(" \"*");
        }
        if (indexes.length == 0) {
            return "echo \"ran on $SSH_CONNECTION\"";
        }
        return "echo \"ran on $SSH_CONNECTION\"; case \"$SSH_CONNECTION\" in " + cases + ") exit 1;; esac";
    }

    @Test
    void execute_threeFailInBatchTwo_batchThreeNeverStarts() {
        HostOutput out = new HostOutput();
        // batch 1: h01; batch 2: h02..h06 (25 % of 20); batch 3: the other 14
        CellOutcome outcome = executor.execute(cell(failingOn(1, 2, 3), "batch", "1,25%,100%", "max-fail", "10%"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message().contains("rollout stopped after batch 2 of 3: 3 of 6 hosts failed"),
                outcome.message());
        for (int i = 6; i < 20; i++) {
            String host = String.format("h%02d", i + 1);
            assertEquals("skipped", out.lastStatus(host), host);
            assertEquals("", out.out(host), host + " never ran");
        }
        assertEquals("failed", out.lastStatus("h02"));
        assertEquals("ok", out.lastStatus("h05"));
        String json = out.results().getFirst();
        assertTrue(json.contains("\"batches\":[{\"batch\":1,"), json);
        assertTrue(json.contains("\"ok\":2,\"failed\":3"), json);
        assertTrue(json.contains("\"stopped\":\"rollout stopped"), json);
        assertTrue(out.all().contains("batch 2/3"), "the host strip shows each host's batch");
    }

    @Test
    void execute_canaryFails_nothingElseStarts() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell(failingOn(0), "batch", "1,100%"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("failed", out.lastStatus("h01"));
        assertEquals("skipped", out.lastStatus("h20"));
    }

    @Test
    void execute_approveAfterCanary_approverSeesCanaryOutputThenRestRuns() throws Exception {
        AtomicReference<String> shown = new AtomicReference<>();
        Thread approver = Thread.ofVirtual().start(() -> {
            try {
                while (approvals.pending().isEmpty()) {
                    Thread.sleep(20);
                }
                Approval a = approvals.pending().getFirst();
                shown.set(a.message());
                approvals.decide(a.id(), true, "boss", "looks fine");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell(failingOn(), "batch", "1,100%", "approve-after-first-batch", "true"), out);
        approver.join(Duration.ofSeconds(5));

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertTrue(shown.get().contains("h01 ok"), shown.get());
        assertTrue(shown.get().contains("ran on ") && shown.get().contains(sshd.address(0)), shown.get());
        assertTrue(shown.get().contains("19 more hosts"), shown.get());
        assertEquals("ok", out.lastStatus("h20"));
    }

    @Test
    void execute_rejectedAfterCanary_restSkipped() throws Exception {
        Thread approver = Thread.ofVirtual().start(() -> {
            try {
                while (approvals.pending().isEmpty()) {
                    Thread.sleep(20);
                }
                approvals.decide(approvals.pending().getFirst().id(), false, "boss", "no");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HostOutput out = new HostOutput();
        CellOutcome outcome =
                executor.execute(cell("true", "batch", "1,100%", "approve-after-first-batch", "true"), out);
        approver.join(Duration.ofSeconds(5));

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("rejected"), outcome.message());
        assertEquals("skipped", out.lastStatus("h02"));
    }

    @Test
    void execute_stoppedDuringPauseBetween_noFurtherBatch() throws Exception {
        HostOutput out = new HostOutput();
        CellOutcome[] outcome = new CellOutcome[1];
        Thread runner = Thread.ofPlatform()
                .start(() ->
                        outcome[0] = executor.execute(cell("true", "batch", "1,100%", "pause-between", "60s"), out));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"ok".equals(out.lastStatus("h01"))) {
            assertTrue(System.nanoTime() < deadline, "the canary never ended");
            Thread.sleep(20);
        }
        runner.interrupt();
        runner.join(Duration.ofSeconds(10));

        assertEquals(CellStatus.STOPPED, outcome[0].status());
        assertEquals(null, out.lastStatus("h02"), "the second batch never started");
    }
}
