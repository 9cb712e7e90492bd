package dev.tejun.kernel.exec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftReport;
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
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actual state from real hosts: a real sshd on two loopback addresses, each "host" reading its own state file (the
 * test changes it between collections); drift appears with before and after and disappears after a remediation run.
 */
@Tag("e2e")
class CollectExecutorTest {

    @SshdHosts(2)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor collect;
    Executor ssh;
    SshExecutorFactory factory;
    Path state;

    @BeforeEach
    void seed() throws IOException {
        cmdb = TestHosts.open(data, sshd);
        cmdb.putSheet(
                SheetDef.host(
                        "tuning",
                        "",
                        ColumnDef.of("swappiness", ColumnType.INTEGER),
                        ColumnDef.of("motd", ColumnType.STRING)),
                TestHosts.WHO);
        cmdb.putSheet(
                SheetDef.host(
                                "tuning_seen",
                                "",
                                ColumnDef.of("swappiness", ColumnType.STRING),
                                ColumnDef.of("motd", ColumnType.STRING))
                        .observing(new SheetDef.Pairing("tuning", Map.of())),
                TestHosts.WHO);
        for (String host : List.of("web1", "web2")) {
            cmdb.register("tuning", RowDraft.host(host, Map.of("swappiness", 10, "motd", "hello")), TestHosts.WHO);
        }
        state = Files.createDirectories(data.resolve("state"));
        for (String address : sshd.addresses()) {
            Files.writeString(state.resolve(address), "# state of " + address + "\nswappiness=10\nmotd=hello\n");
        }
        SessionContext session = new SessionContext("s1", data.resolve("work"), data);
        factory = new SshExecutorFactory(cmdb);
        collect = new CollectExecutorFactory(cmdb, factory).create(session);
        ssh = factory.create(session);
    }

    @AfterEach
    void close() {
        collect.close();
        ssh.close();
        cmdb.close();
    }

    /** Each host prints the file named after the address it was reached on. */
    private String readState() {
        return "cat " + state + "/$(echo $SSH_CONNECTION | cut -d' ' -f3)";
    }

    private CellOutcome collect(String runId, String code, Map<String, String> attrs) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("hosts", "web"));
        all.putAll(attrs);
        return collect.execute(
                new CellRequest(
                        runId, "c1", "collect", code, new Attributes("c1", List.of(), all), null, null, Map.of()),
                new RecordingOutput());
    }

    /** An ssh cell on the web hosts with {@code into=tuning_seen}. */
    private static CellOutcome sshInto(Executor executor, String runId, String code) {
        return executor.execute(
                new CellRequest(
                        runId,
                        "c1",
                        "ssh",
                        code,
                        new Attributes("c1", List.of(), Map.of("hosts", "web", "into", "tuning_seen")),
                        null,
                        null,
                        Map.of()),
                new RecordingOutput());
    }

    @Test
    void ssh_into_throughTheFactoryFlowsHandOut_collectsToo() {
        // the server replaces the ssh factory by one with the hold points' approvals; into= must survive that
        SshExecutorFactory withHolds = factory.withApprovals(null);
        Executor held = withHolds.create(new SessionContext("s2", data.resolve("work2"), data));
        try {
            CellOutcome outcome = sshInto(held, "run-8", "echo swappiness=61; echo motd=held");

            assertEquals(CellStatus.OK, outcome.status(), outcome.message());
            assertEquals("61", cmdb.hostRow("tuning_seen", "web1").orElseThrow().value("swappiness"));
        } finally {
            held.close();
        }
    }

    @Test
    void ssh_into_collectsAsACollectCellDoes() {
        CellOutcome outcome = sshInto(ssh, "run-9", "echo swappiness=60; echo motd=changed");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertEquals("60", cmdb.hostRow("tuning_seen", "web1").orElseThrow().value("swappiness"));
        assertEquals(
                "changed", cmdb.hostRow("tuning_seen", "web2").orElseThrow().value("motd"));
        assertEquals(
                2,
                cmdb.drift("tuning").getFirst().hosts().stream()
                        .filter(h -> h.cells().stream().anyMatch(c -> c.differs()))
                        .count());
    }

    @Test
    void collect_stateChangedOnAHost_driftReportedThenGoneAfterRemediation() throws Exception {
        CellOutcome first = collect("run-1", readState(), Map.of("into", "tuning_seen"));
        assertEquals(CellStatus.OK, first.status(), first.message());
        assertEquals(0, cmdb.drift("tuning").getFirst().drifted());

        Files.writeString(state.resolve(sshd.address(1)), "swappiness=60\nmotd=hello\n");
        assertEquals(
                CellStatus.OK,
                collect("run-2", readState(), Map.of("into", "tuning_seen")).status());
        DriftReport drift = cmdb.drift("tuning").getFirst();
        assertEquals(1, drift.drifted());
        CellDrift swappiness = drift.hosts().get(1).cells().getFirst();
        assertEquals("web2", drift.hosts().get(1).host());
        assertEquals(10L, swappiness.expected());
        assertEquals("60", swappiness.actual());
        assertEquals("run-2", drift.hosts().get(1).collectedBy());

        // remediation: a real run over ssh puts the design back on web2
        CellOutcome fix = ssh.execute(
                new CellRequest(
                        "run-3",
                        "fix",
                        "ssh",
                        "printf 'swappiness=10\\nmotd=hello\\n' > " + state + "/" + sshd.address(1),
                        new Attributes("fix", List.of(), Map.of("hosts", "web2")),
                        null,
                        null,
                        Map.of()),
                new RecordingOutput());
        assertEquals(CellStatus.OK, fix.status(), fix.message());
        assertEquals(
                CellStatus.OK,
                collect("run-4", readState(), Map.of("into", "tuning_seen")).status());
        assertEquals(0, cmdb.drift("tuning").getFirst().drifted());
        long row = cmdb.list("tuning_seen", RowQuery.active()).stream()
                .filter(r -> r.host().equals("web2"))
                .findFirst()
                .orElseThrow()
                .id();
        assertEquals(3, cmdb.history("tuning_seen", row).size(), "seen 10, then 60, then 10 again");
    }

    @Test
    void collect_outputThatDoesNotParse_failsWithTheLineAndWritesNothing() throws Exception {
        Files.writeString(state.resolve(sshd.address(1)), "swappiness=10\nthis is not a value\n");
        CellOutcome out = collect("run-1", readState(), Map.of("into", "tuning_seen"));
        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("web2: line 2 is not column=value: 'this is not a value'"), out.message());
        assertTrue(cmdb.list("tuning_seen", RowQuery.active()).isEmpty(), "web1 parsed, but nothing is written");
    }

    @Test
    void collect_jsonAndRegex_readIntoColumns() {
        CellOutcome json = collect(
                "run-1",
                "echo '{\"swappiness\": 10, \"motd\": \"hello\"}'",
                Map.of("into", "tuning_seen", "parse", "json"));
        assertEquals(CellStatus.OK, json.status(), json.message());
        assertEquals(0, cmdb.drift("tuning").getFirst().drifted());
        CellOutcome regex = collect(
                "run-2",
                "echo 'vm.swappiness = 30'",
                Map.of("into", "tuning_seen", "parse", "regex", "pattern", "swappiness = (?<swappiness>\\d+)"));
        assertEquals(CellStatus.OK, regex.status(), regex.message());
        assertEquals(2, cmdb.drift("tuning").getFirst().drifted(), "both hosts now say 30");
    }

    @Test
    void collect_intoAnExpectedSheet_refusedBeforeAnythingRuns() throws Exception {
        Path marker = data.resolve("ran");
        CellOutcome out = collect("run-1", "touch " + marker + "; echo swappiness=1", Map.of("into", "tuning"));
        assertEquals(CellStatus.FAILED, out.status());
        assertTrue(out.message().contains("not an observed sheet"), out.message());
        assertTrue(Files.notExists(marker));
        assertEquals(10L, cmdb.hostRow("tuning", "web1").orElseThrow().value("swappiness"));
    }
}
