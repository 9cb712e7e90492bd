package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.cmdb.CmdbReferences;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.template.Adversarial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values reach sh, bash, ssh (a real sshd) and cmdb cells through a param, a CMDB value and a chained
 * {@code ${cells.ID.stdout}}: the canary file is never created and each cell gives the value back exactly.
 */
@ExtendWith(CellsUnsandboxed.class) // the canary must be reachable, so an injection would show
@Tag("e2e")
class ValuesAreDataTest {

    @TempDir
    static Path dir;

    static Sshd sshd;
    static CmdbStore cmdb;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each cell prints (or selects) the value it was given, reached in a different way. */
    private static final String RUNBOOK = """
            ---
            params:
              v: { default: "" }
            ---
            ```sh {#param}
            printf '%s' ${params.v}
            ```

            ```bash {#quoted}
            printf '%s' "value: ${params.v}"
            ```

            ```sh {#env}
            printf '%s' "$TEJUN_PARAM_V"
            ```

            ```sh {#cmdbvalue continue-on-error=true}
            printf '%s' ${cmdb.vals.ROW.v}
            ```

            ```bash {#chained}
            printf '%s' "${cells.param.stdout}"
            ```

            ```cmdb {#sql}
            SELECT ${params.v} AS v, 'in a literal: ${params.v}!' AS w
            ```

            ```ssh {#remote hosts=web1}
            printf '%s' ${params.v}
            ```
            """;

    @BeforeAll
    static void start() throws Exception {
        sshd = Sshd.start(dir.resolve("sshd"), 1);
        cmdb = TestHosts.store(dir);
        TestHosts.seed(cmdb, sshd);
        Files.writeString(SshExecutorFactory.knownHosts(dir), sshd.knownHostsLines());
        cmdb.putSheet(SheetDef.host("vals", "values", ColumnDef.of("v", ColumnType.TEXT)), TestHosts.WHO);
    }

    @AfterAll
    static void stop() throws Exception {
        cmdb.close();
        sshd.close();
    }

    @TestFactory
    List<DynamicTest> run_hostileValue_arrivesExactlyInEveryCellAndRunsNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> values = Adversarial.values(dir.resolve("F"));
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String row = "v" + i;
            tests.add(DynamicTest.dynamicTest(Adversarial.label(value), () -> check(value, row)));
        }
        return tests;
    }

    private void check(String value, String row) throws Exception {
        Path canary = dir.resolve("F");
        Files.deleteIfExists(canary); // each value on its own: a canary left by an earlier one proves nothing here
        if (!value.isEmpty()) {
            TestHosts.addHost(cmdb, row, "127.0.0.1", 22, "nobody", "none", "vals");
            cmdb.register("vals", RowDraft.host(row, Map.of("v", value)), TestHosts.WHO);
        }
        List<Event> events = run(RUNBOOK.replace("ROW", row), Map.of("v", value), null);
        assertFalse(Files.exists(canary), "a value ran as code");
        Adversarial.assertArrived(value, stdout(events, "param", null), "param");
        Adversarial.assertArrived("value: " + value, stdout(events, "quoted", null), "quoted");
        Adversarial.assertArrived(value, stdout(events, "env", null), "env");
        if (!value.isEmpty()) {
            Adversarial.assertArrived(value, stdout(events, "cmdbvalue", null), "cmdb value");
        } else { // an empty CMDB value is "not set": the reference does not resolve
            assertEquals(CellStatus.FAILED, finished(events, "cmdbvalue").status());
        }
        Adversarial.assertArrived(value, stdout(events, "chained", null), "chained");
        JsonNode rows = JSON.readTree(result(events, "sql")).path("rows");
        Adversarial.assertArrived(value, rows.path(0).path(0).asText(), "sql");
        Adversarial.assertArrived(
                "in a literal: " + value + "!", rows.path(0).path(1).asText(), "sql literal");
        // a cell too long for one command-line argument (128 KiB) goes to the host as a file: it arrives as well
        Adversarial.assertArrived(value, stdout(events, "remote", "web1"), "ssh");
    }

    @Test
    void run_rawReference_pastesCodeInAnAttendedRun_butIsRefusedInARunAnEventStarted() throws Exception {
        String markdown = "---\nparams:\n  v: { default: \"\" }\n---\n```sh {#raw}\n${raw:params.v}\n```\n";
        List<Event> byHand = run(markdown, Map.of("v", "printf '%s' pasted"), "web");
        assertEquals("pasted", stdout(byHand, "raw", null));

        Path canary = dir.resolve("F-event");
        List<Event> byEvent = run(markdown, Map.of("v", "touch " + canary), "events");
        CellFinished f = finished(byEvent, "raw");
        assertEquals(CellStatus.FAILED, f.status());
        assertEquals(
                "${raw:params.v} refused: this run was started by an event (alert rule), and a value from an"
                        + " event is never pasted in as code",
                f.message());
        assertFalse(Files.exists(canary));
    }

    private List<Event> run(String markdown, Map<String, String> params, String via) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "rb", ".md"), markdown);
        Path data = Files.createDirectories(dir.resolve("data"));
        if (!Files.exists(SshExecutorFactory.knownHosts(data))) {
            Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
        }
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(
                        new ShellExecutorFactory(), new SshExecutorFactory(cmdb), new CmdbExecutorFactory(cmdb))),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                new CmdbReferences(cmdb));
        try (Session session = new Session(
                "s", new RunbookFile("rb.md", file), params, Files.createDirectories(dir.resolve("work")), services)) {
            session.run(List.of(), "tester", via).finished().get(120, TimeUnit.SECONDS);
            return session.events().since(0, 1_000_000).events();
        }
    }

    static String stdout(List<Event> events, String cell, String host) {
        StringBuilder sb = new StringBuilder();
        events.stream()
                .filter(e -> e instanceof CellOutput o
                        && o.cellId().equals(cell)
                        && o.stream() == Stream.STDOUT
                        && java.util.Objects.equals(o.host(), host))
                .forEach(e -> sb.append(((CellOutput) e).text()));
        CellFinished f = finished(events, cell);
        assertEquals(CellStatus.OK, f.status(), cell + ": " + f.message());
        return sb.toString();
    }

    private static String result(List<Event> events, String cell) {
        assertEquals(
                CellStatus.OK,
                finished(events, cell).status(),
                cell + ": " + finished(events, cell).message());
        return events.stream()
                .filter(e -> e instanceof CellResult r && r.cellId().equals(cell))
                .map(e -> ((CellResult) e).data())
                .findFirst()
                .orElseThrow();
    }

    static CellFinished finished(List<Event> events, String cell) {
        return events.stream()
                .filter(e -> e instanceof CellFinished f && f.cellId().equals(cell))
                .map(CellFinished.class::cast)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + cell));
    }
}
