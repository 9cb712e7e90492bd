package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
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
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
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
 * Ansible facts as actual state: a real ansible-playbook gathers them from a real sshd on two loopback addresses and
 * the cell's {@code into=} stores them in the observed sheet, where drift compares them with the design.
 */
@Tag("e2e")
class AnsibleFactsTest {

    static final String GATHER = """
            - hosts: web
              gather_facts: true
              gather_subset: [min]
              tasks: []
            """;

    @SshdHosts(2)
    static Sshd sshd;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;
    String kernel;
    /** What the last cell printed. */
    String shown;

    @BeforeEach
    void seed() throws Exception {
        cmdb = TestHosts.open(data, sshd);
        cmdb.putSheet(
                SheetDef.host(
                        "os", "", ColumnDef.of("kernel", ColumnType.STRING), ColumnDef.of("system", ColumnType.STRING)),
                TestHosts.WHO);
        cmdb.putSheet(
                SheetDef.host(
                                "os_seen",
                                "",
                                ColumnDef.of("kernel", ColumnType.STRING),
                                ColumnDef.of("system", ColumnType.STRING))
                        .observing(new SheetDef.Pairing("os", Map.of())),
                TestHosts.WHO);
        kernel = new String(new ProcessBuilder("uname", "-r")
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .strip();
        cmdb.register("os", RowDraft.host("web1", Map.of("kernel", kernel, "system", "Linux")), TestHosts.WHO);
        cmdb.register("os", RowDraft.host("web2", Map.of("kernel", "2.6.32-old", "system", "Linux")), TestHosts.WHO);
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    @Test
    void execute_into_storesEveryHostsFacts_andDriftComparesThemWithTheDesign() {
        run(GATHER, "os_seen", CellStatus.OK);
        assertTrue(shown.contains("collected the facts of 2 host(s) into os_seen, 2 changed"), shown);
        for (String host : List.of("web1", "web2")) {
            Map<String, Object> seen =
                    cmdb.hostRow("os_seen", host).orElseThrow().values();
            assertEquals(kernel, seen.get("kernel"), host);
            assertEquals("Linux", seen.get("system"), host);
        }
        DriftReport drift = cmdb.drift("os").getFirst();
        List<String> drifting = drift.hosts().stream()
                .filter(HostDrift::differs)
                .map(HostDrift::host)
                .toList();
        assertEquals(List.of("web2"), drifting, "the design says web2 runs an old kernel");
        assertEquals("run1", drift.hosts().getFirst().collectedBy(), "the run that collected is the source");
    }

    @Test
    void execute_intoAnExpectedSheet_refusedBeforeAnythingRuns() {
        CellOutcome refused = run(GATHER, "os", CellStatus.FAILED);
        assertTrue(refused.message().contains("into=os is not an observed sheet"), refused.message());
        assertEquals(kernel, cmdb.hostRow("os", "web1").orElseThrow().values().get("kernel"), "the design unchanged");
    }

    @Test
    void execute_playGathersNoFacts_failsAndWritesNothing() {
        CellOutcome failed =
                run(GATHER.replace("gather_facts: true", "gather_facts: false"), "os_seen", CellStatus.FAILED);
        assertTrue(failed.message().contains("no facts [kernel, system]"), failed.message());
        assertTrue(failed.message().contains("nothing was written to os_seen"), failed.message());
        assertEquals(0, cmdb.list("os_seen", RowQuery.active()).size());
    }

    private CellOutcome run(String play, String into, CellStatus expected) {
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ansible",
                        play,
                        new Attributes("c1", List.of(), Map.of("into", into)),
                        null,
                        null,
                        Map.of(),
                        Map.of()),
                out);
        shown = out.all();
        assertEquals(expected, outcome.status(), outcome.message() + "\n" + shown);
        return outcome;
    }
}
