package dev.tejun.cmdb.inventory;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable's name never changes because another sheet was added: the old rule renamed {@code ntp_server} to
 * {@code base_ntp_server} as soon as a second HOST sheet had a column of that name, and broke the playbook using it.
 */
class VariableCollisionTest {

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(home.resolve("tejun.db"));
        cmdb.putSheet(SheetDef.host("base", "", ColumnDef.of("ntp_server", ColumnType.STRING)), ALICE);
        cmdb.register("hosts", RowDraft.host("web1", Map.of()), ALICE);
        cmdb.register("base", RowDraft.host("web1", Map.of("ntp_server", "ntp.example")), ALICE);
    }

    @Test
    void putSheet_secondSheetWithTheSameVariable_refusedNamingBothAndNothingRenamed() {
        assertEquals(
                "ntp.example", cmdb.inventory(null).hosts().get("web1").vars().get("ntp_server"));
        DefinitionException refused = assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        SheetDef.host("timesync", "unrelated", ColumnDef.of("ntp_server", ColumnType.STRING)), ALICE));
        assertTrue(
                refused.getMessage().contains("timesync.ntp_server")
                        && refused.getMessage().contains("base.ntp_server"),
                refused.getMessage());
        assertEquals("columns[0].variable", refused.field());
        assertTrue(cmdb.sheet("timesync").isEmpty(), "the refused sheet is not stored");
        Map<String, Object> vars = cmdb.inventory(null).hosts().get("web1").vars();
        assertEquals(Map.of("ntp_server", "ntp.example"), vars, "the variable keeps its name");
    }

    @Test
    void putSheet_sameColumnNameBoundToAnotherVariable_accepted() {
        cmdb.putSheet(
                SheetDef.host(
                        "timesync",
                        "",
                        ColumnDef.of("ntp_server", ColumnType.STRING).withVariable("chrony_server")),
                ALICE);
        cmdb.register("timesync", RowDraft.host("web1", Map.of("ntp_server", "chrony.example")), ALICE);
        assertEquals(
                Map.of("ntp_server", "ntp.example", "chrony_server", "chrony.example"),
                cmdb.inventory(null).hosts().get("web1").vars());
    }

    @Test
    void putSheet_redefiningTheSameSheet_isNoCollisionWithItself() {
        cmdb.putSheet(
                SheetDef.host(
                        "base",
                        "",
                        ColumnDef.of("ntp_server", ColumnType.STRING).withLabel("NTPサーバ")),
                ALICE);
        assertEquals(
                "NTPサーバ", cmdb.sheet("base").orElseThrow().columns().getFirst().label());
    }

    @Test
    void sheetDef_twoColumnsOfOneSheetOnOneVariable_refused() {
        DefinitionException refused = assertThrows(
                DefinitionException.class,
                () -> SheetDef.host(
                        "dup",
                        "",
                        ColumnDef.of("a", ColumnType.STRING).withVariable("x"),
                        ColumnDef.of("b", ColumnType.STRING).withVariable("x")));
        assertEquals("columns[1].variable", refused.field());
        assertTrue(
                refused.getMessage().contains("dup.a") && refused.getMessage().contains("dup.b"));
    }

    @Test
    void open_definitionsFromBeforeBindings_keepTheVariablesTheyHad() throws Exception {
        cmdb.close();
        // a data folder of the old rule: two sheets sharing ntp_server, definitions stored without "variable"
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("tejun.db"))) {
            String base = "{\"name\":\"base\",\"kind\":\"HOST\",\"columns\":[{\"name\":\"ntp_server\","
                    + "\"type\":\"STRING\"}]}";
            String other = base.replace("\"base\"", "\"timesync\"");
            try (var ps = c.prepareStatement("UPDATE cmdb_sheet SET definition = ? WHERE name = 'base'")) {
                ps.setString(1, base);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO cmdb_sheet VALUES ('timesync', ?, 0, 'old')")) {
                ps.setString(1, other);
                ps.executeUpdate();
            }
        }
        cmdb = new CmdbStore(home.resolve("tejun.db"));
        assertEquals(
                "base_ntp_server",
                cmdb.sheet("base").orElseThrow().columns().getFirst().variable(),
                "pinned to the name playbooks used");
        assertEquals(
                Map.of("base_ntp_server", "ntp.example"),
                cmdb.inventory(null).hosts().get("web1").vars());
        assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        SheetDef.host(
                                "third",
                                "",
                                ColumnDef.of("x", ColumnType.STRING).withVariable("base_ntp_server")),
                        ALICE));
    }
}
