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
import dev.tejun.kernel.exec.remote.JumpFleet;
import dev.tejun.kernel.exec.remote.Netns;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Path;
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
 * ssh cells through a bastion that is the only way in: the targets' sshd runs in a network namespace that only the
 * bastion's namespace reaches ({@link Netns}); bastion and targets have different keys, each in its own CMDB row.
 */
@Tag("e2e")
class JumpHostTest {

    @TempDir
    static Path sshdDir;

    static JumpFleet fleet;
    static Netns net;
    static Sshd bastion;
    static Sshd targets;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;

    @BeforeAll
    static void start() throws Exception {
        fleet = JumpFleet.start(sshdDir);
        net = fleet.net;
        bastion = fleet.bastion;
        targets = fleet.targets;
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.store(data);
        fleet.seed(cmdb, data);
        executor = new SshExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
        if (cmdb != null) {
            cmdb.close();
        }
    }

    static void host(CmdbStore cmdb, String name, Sshd sshd, int i, String credential, String groups, String jump) {
        TestHosts.addHost(cmdb, name, sshd, i, credential, groups, jump);
    }

    private static CellRequest cell(String code, String hosts) {
        return new CellRequest(
                "run1",
                "c1",
                "ssh",
                code,
                new Attributes("c1", List.of(), Map.of("hosts", hosts, "connect-timeout", "5")),
                null,
                null,
                Map.of());
    }

    @Test
    void execute_hostsBehindBastion_reachedThroughIt() {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("echo $SSH_CONNECTION", "app"), out);

        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.all());
        // the connection comes from the bastion's side of the inner link, not from the test's namespace
        String inner = net.targetAddresses().getFirst().replaceAll("\\.\\d+$", ".1");
        assertTrue(out.out("app1").startsWith(inner + " "), out.out("app1"));
        assertTrue(out.out("app2").startsWith(inner + " "), out.out("app2"));
        assertTrue(out.all().contains("via bastion"), "the host strip says which way: " + out.all());
    }

    @Test
    void execute_sameHostsWithoutJump_unreachable() throws IOException {
        host(cmdb, "direct", targets, 0, targets.clientKeyText(), "direct", null);
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("true", "direct"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("direct"), "the namespaces let nothing past the bastion");
    }

    @Test
    void execute_bastionRowHasWrongKey_failsNamingTheBastion() throws IOException {
        // the target's key on the bastion's row: the bastion's credential is its own row's, never the target's
        host(cmdb, "badbastion", bastion, 0, targets.clientKeyText(), "bastions", null);
        host(cmdb, "app3", targets, 0, targets.clientKeyText(), "app3", "badbastion");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(cell("true", "app3"), out);

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("unreachable", out.lastStatus("app3"));
        assertTrue(out.all().contains("jump host badbastion"), out.all());
    }

    @Test
    void execute_jumpNamesNoHost_refusedBeforeConnecting() throws IOException {
        host(cmdb, "lost", targets, 0, targets.clientKeyText(), "lost", "nosuch");
        CellOutcome outcome = executor.execute(cell("true", "lost"), new HostOutput());

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("nosuch"), outcome.message());
    }
}
