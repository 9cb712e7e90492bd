package dev.tejun.kernel.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh cells against an operation's rows and the design as it was at a past time, on a real sshd: web3 left group web
 * after {@code before}, and operation {@code move} takes web2 out of it.
 */
@Tag("e2e")
class SshScopeTest {

    @SshdHosts(3)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;
    Instant before;

    @BeforeEach
    void seed() throws Exception {
        cmdb = TestHosts.open(data, sshd);
        Row web3 = cmdb.hostRow("hosts", "web3").orElseThrow();
        before = web3.updatedAt();
        while (!Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).isAfter(before)) {
            Thread.onSpinWait(); // the change below must land on a later millisecond than `before`
        }
        cmdb.update(
                "hosts",
                web3.id(),
                web3.version(),
                RowDraft.host(
                        "web3",
                        Map.of(
                                "address",
                                sshd.address(2),
                                "ssh_port",
                                sshd.port(),
                                "user",
                                sshd.user(),
                                "groups",
                                "db")),
                TestHosts.WHO);
        cmdb.register(
                "hosts",
                RowDraft.host(
                        "web2",
                        "move",
                        Map.of(
                                "address",
                                sshd.address(1),
                                "ssh_port",
                                sshd.port(),
                                "user",
                                sshd.user(),
                                "groups",
                                "db")),
                TestHosts.WHO);
        executor = new SshExecutorFactory(cmdb).create(new SessionContext("s1", data.resolve("work"), data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private HostOutput run(Map<String, String> attrs, Map<String, String> params, CellStatus expected) {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ssh",
                        "hostname >/dev/null; echo here",
                        new Attributes("c1", List.of(), attrs),
                        null,
                        null,
                        Map.of(),
                        params),
                out);
        assertEquals(expected, outcome.status(), outcome.message());
        return out;
    }

    @Test
    void execute_now_reachesTheHostsInTheGroupNow() {
        HostOutput out = run(Map.of("hosts", "web"), Map.of(), CellStatus.OK);
        assertEquals("2 ok\n", out.out(null));
        assertEquals("", out.out("web3"));
    }

    @Test
    void execute_asOfARunParam_reachesTheHostsAsTheDesignHadThem() {
        HostOutput out = run(Map.of("hosts", "web"), Map.of("as-of", before.toString()), CellStatus.OK);
        assertEquals("3 ok\n", out.out(null), "web3 was in group web then");
        assertEquals("here\n", out.out("web3"));
        assertTrue(
                out.text(Stream.STDERR, null).contains("CMDB: default rows, as of " + before),
                "the output (and so the evidence) says what it ran against");
    }

    @Test
    void execute_operationOnTheCell_eachHostsRowOfThatOperation() {
        HostOutput out = run(Map.of("hosts", "web", "operation", "move"), Map.of(), CellStatus.OK);
        assertEquals("1 ok\n", out.out(null), "web2 moved out, web3 left already");
        assertEquals("here\n", out.out("web1"));
        assertTrue(out.text(Stream.STDERR, null).contains("CMDB: operation move, current values"));
    }

    @Test
    void execute_unknownOperationOrFutureAsOf_failsBeforeAnyHostIsReached() {
        HostOutput unknown = run(Map.of("hosts", "web", "operation", "nope"), Map.of(), CellStatus.FAILED);
        assertEquals("", unknown.out("web1"));
        HostOutput future = run(Map.of("hosts", "web", "as-of", "2999-01-01T00:00+09:00"), Map.of(), CellStatus.FAILED);
        assertEquals("", future.out("web1"));
    }
}
