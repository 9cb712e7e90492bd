package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ansible-playbook (connection local) gets its host_vars from an operation's rows or from the design as it was:
 * app_port was 8080 at {@code before}, is 8081 now, and operation {@code upgrade} sets 9090.
 */
@Tag("e2e")
class AnsibleScopeTest {

    static final String PLAY = """
            - hosts: here
              gather_facts: false
              tasks:
                - debug: msg="port is {{ app_port }}"
            """;

    @TempDir
    Path data;

    CmdbStore cmdb;
    Executor executor;
    Instant before;

    @BeforeEach
    void seed() throws Exception {
        cmdb = TestHosts.store(data);
        TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, "unused-with-connection-local", "here");
        cmdb.putSheet(SheetDef.host("app", "", ColumnDef.of("app_port", ColumnType.INTEGER)), TestHosts.WHO);
        Row row = cmdb.register("app", RowDraft.host("localhost", Map.of("app_port", 8080)), TestHosts.WHO);
        before = row.updatedAt();
        while (!Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).isAfter(before)) {
            Thread.onSpinWait(); // the change below must land on a later millisecond than `before`
        }
        cmdb.update("app", row.id(), 1, RowDraft.host("localhost", Map.of("app_port", 8081)), TestHosts.WHO);
        cmdb.register("app", RowDraft.host("localhost", "upgrade", Map.of("app_port", 9090)), TestHosts.WHO);
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        executor = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("s1", work, data));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private String run(Map<String, String> attrs, Map<String, String> params, CellStatus expected) {
        return run(PLAY, attrs, params, expected);
    }

    private String run(String play, Map<String, String> attrs, Map<String, String> params) {
        return run(play, attrs, params, CellStatus.OK);
    }

    private String run(String play, Map<String, String> attrs, Map<String, String> params, CellStatus expected) {
        Map<String, String> all = new HashMap<>(attrs);
        all.put("connection", "local");
        HostOutput out = new HostOutput();
        CellOutcome outcome = executor.execute(
                new CellRequest(
                        "run1",
                        "c1",
                        "ansible",
                        play,
                        new Attributes("c1", List.of(), all),
                        null,
                        null,
                        Map.of(),
                        params),
                out);
        assertEquals(expected, outcome.status(), outcome.message() + "\n" + out.all());
        return out.all() + outcome.message();
    }

    @Test
    void execute_byDefault_currentValue() {
        assertTrue(run(Map.of(), Map.of(), CellStatus.OK).contains("port is 8081"));
    }

    @Test
    void execute_asOfRunParam_hostVarsAsTheyWereThen() {
        String out = run(Map.of(), Map.of("as-of", before.toString()), CellStatus.OK);
        assertTrue(out.contains("port is 8080"), out);
        assertTrue(out.contains("CMDB: default rows, as of " + before), out);
    }

    @Test
    void execute_operationOnTheCell_itsRowsWin() {
        String out = run(Map.of("operation", "upgrade"), Map.of(), CellStatus.OK);
        assertTrue(out.contains("port is 9090"), out);
    }

    @Test
    void execute_unparsableAsOf_refusedBeforeAnsibleStarts() {
        String out = run(Map.of("as-of", "yesterday"), Map.of(), CellStatus.FAILED);
        assertTrue(out.contains("as-of 'yesterday' is not a time"), out);
        assertFalse(out.contains("PLAY"), "ansible-playbook never started: " + out);
    }

    @Test
    void execute_asOf_groupVarsAndSecretsAsTheyWereThen() throws Exception {
        cmdb.putSheet(
                SheetDef.data(
                        "group_settings",
                        "",
                        ColumnDef.of("group", ColumnType.STRING),
                        ColumnDef.of("motd", ColumnType.STRING),
                        ColumnDef.of("api_token", ColumnType.SECRET)),
                TestHosts.WHO);
        cmdb.putSheet(SheetDef.host("keys", "", ColumnDef.of("app_key", ColumnType.SECRET)), TestHosts.WHO);
        Row group = cmdb.register(
                "group_settings",
                RowDraft.data(Map.of("group", "here", "motd", "old-motd", "api_token", "abc")),
                TestHosts.WHO);
        Row key = cmdb.register("keys", RowDraft.host("localhost", Map.of("app_key", "k1")), TestHosts.WHO);
        Instant then = key.updatedAt();
        while (!Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).isAfter(then)) {
            Thread.onSpinWait(); // the changes below must land on a later millisecond than `then`
        }
        cmdb.update(
                "group_settings",
                group.id(),
                group.version(),
                RowDraft.data(Map.of("group", "here", "motd", "new-motd", "api_token", "abcdefg")),
                TestHosts.WHO);
        cmdb.update(
                "keys", key.id(), key.version(), RowDraft.host("localhost", Map.of("app_key", "k1234")), TestHosts.WHO);
        String play = """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - debug: msg="motd {{ motd }} token {{ api_token | length }} key {{ app_key | length }}"
                """;

        String now = run(play, Map.of("group-vars-from", "group_settings"), Map.of());
        assertTrue(now.contains("motd new-motd token 7 key 5"), now);
        String past = run(play, Map.of("group-vars-from", "group_settings"), Map.of("as-of", then.toString()));
        assertTrue(past.contains("motd old-motd token 3 key 2"), past);
    }
}
