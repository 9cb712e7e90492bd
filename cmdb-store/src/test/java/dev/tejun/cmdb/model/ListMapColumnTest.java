package dev.tejun.cmdb.model;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.excel.ExcelExporter;
import dev.tejun.cmdb.excel.ExcelImporter;
import dev.tejun.cmdb.excel.ImportPlan;
import dev.tejun.cmdb.excel.PlannedRow;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.cmdb.testing.Fixtures;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIST and MAP columns: JSON, validated, kept as lists and dicts all the way to Ansible's host_vars and Excel. */
class ListMapColumnTest {

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(home.resolve("tejun.db"));
        cmdb.putSheet(
                SheetDef.host(
                        "accounts", "", ColumnDef.of("users", ColumnType.LIST), ColumnDef.of("limits", ColumnType.MAP)),
                ALICE);
        Fixtures.addHosts(cmdb, "web1");
    }

    @Test
    void register_jsonText_storedAsListOfDictsAndReachesHostVars() {
        cmdb.register(
                "accounts",
                RowDraft.host(
                        "web1",
                        Map.of(
                                "users",
                                "[{\"name\": \"ann\", \"uid\": 1001}, {\"name\": \"bo\", \"uid\": 1002}]",
                                "limits",
                                "{\"nofile\": 4096, \"ratio\": 0.5}")),
                ALICE);

        Object users = cmdb.inventory(null).hosts().get("web1").vars().get("users");
        assertEquals(List.of(Map.of("name", "ann", "uid", 1001L), Map.of("name", "bo", "uid", 1002L)), users);
        Map<String, Object> vars =
                InventoryExport.hostVars(cmdb.inventory(null).hosts().get("web1"));
        assertEquals(users, vars.get("users"), "Ansible gets a list, not its text");
        String yaml = InventoryExport.yaml(cmdb.inventory(null));
        assertTrue(yaml.contains("[{\"name\":\"ann\",\"uid\":1001}"), yaml);
    }

    @Test
    void update_sameJsonOtherSpacing_noNewVersion() {
        Row row = cmdb.register("accounts", RowDraft.host("web1", Map.of("users", "[\"a\",\"b\"]")), ALICE);

        Row again = cmdb.update(
                "accounts",
                row.id(),
                row.version(),
                new RowDraft("web1", null, Map.of("users", "[ \"a\", \"b\" ]")),
                ALICE);

        assertEquals(row.version(), again.version(), "the same list typed differently is no change");
    }

    @Test
    void register_badJsonOrWrongShape_refusedNamingTheColumn() {
        ValidationException bad = assertThrows(
                ValidationException.class,
                () -> cmdb.register("accounts", RowDraft.host("web1", Map.of("users", "[\"a\", ")), ALICE));
        assertTrue(bad.getMessage().contains("users") && bad.getMessage().contains("not JSON"), bad.getMessage());

        ValidationException shape = assertThrows(
                ValidationException.class,
                () -> cmdb.register("accounts", RowDraft.host("web1", Map.of("limits", "[1, 2]")), ALICE));
        assertTrue(
                shape.getMessage().contains("limits") && shape.getMessage().contains("JSON object"),
                shape.getMessage());
    }

    @Test
    void excel_exportThenImport_listAndMapUnchanged() throws Exception {
        cmdb.register(
                "accounts",
                RowDraft.host("web1", Map.of("users", "[\"a\", \"b\"]", "limits", "{\"nofile\": 4096}")),
                ALICE);
        Path file = home.resolve("accounts.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ExcelExporter(cmdb).export(List.of("accounts"), out);
        }

        ImportPlan plan = new ExcelImporter(cmdb).plan(file);

        assertTrue(plan.ok(), plan.errors().toString());
        assertTrue(
                plan.rows().stream().allMatch(r -> r.action() == PlannedRow.Action.UNCHANGED),
                plan.rows().toString());
    }
}
