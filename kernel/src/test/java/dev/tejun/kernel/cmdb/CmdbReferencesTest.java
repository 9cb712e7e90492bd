package dev.tejun.kernel.cmdb;

import static dev.tejun.kernel.cmdb.TestCmdb.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmdbReferencesTest {

    @TempDir
    Path dir;

    TestCmdb cmdb;
    CmdbReferences refs;

    @BeforeEach
    void open() {
        cmdb = new TestCmdb(dir);
        refs = new CmdbReferences(cmdb.store);
        cmdb.store.register(
                "web",
                RowDraft.host(
                        "web1",
                        Map.of("port", 8443, "ratio", "0.10", "tls", true, "since", "2026-01-31", "token", "hunter2")),
                ALICE);
        cmdb.store.register("web", RowDraft.host("web1", "2026-12 patch", Map.of("port", 9443)), ALICE);
        cmdb.store.register("web", RowDraft.host("db1.example.com", Map.of("port", 5432)), ALICE);
    }

    @AfterEach
    void close() {
        cmdb.close();
    }

    @Test
    void apply_resolvesCurrentDefaultValueInCanonicalText() {
        assertEquals(Optional.of("8443"), refs.apply("cmdb.web.web1.port"));
        assertEquals(Optional.of("0.10"), refs.apply("cmdb.web.web1.ratio"));
        assertEquals(Optional.of("true"), refs.apply("cmdb.web.web1.tls"));
        assertEquals(Optional.of("2026-01-31"), refs.apply("cmdb.web.web1.since"));
        assertEquals(Optional.of("10.0.0.4"), refs.apply("cmdb.hosts.web1.address"));
    }

    @Test
    void apply_hostNameWithDots() {
        assertEquals(Optional.of("5432"), refs.apply("cmdb.web.db1.example.com.port"));
    }

    @Test
    void apply_followsUpdates() {
        Row row = cmdb.store.list("web", dev.tejun.cmdb.model.RowQuery.active().withOperation(null)).stream()
                .filter(r -> r.host().equals("web1"))
                .findFirst()
                .orElseThrow();
        cmdb.store.update("web", row.id(), row.version(), RowDraft.host("web1", Map.of("port", 443)), ALICE);

        assertEquals(Optional.of("443"), refs.apply("cmdb.web.web1.port"));
    }

    @Test
    void apply_unknownSheetHostColumnOrEmptyValue_isEmpty() {
        assertEquals(Optional.empty(), refs.apply("cmdb.nosuch.web1.port"));
        assertEquals(Optional.empty(), refs.apply("cmdb.web.web9.port"));
        assertEquals(Optional.empty(), refs.apply("cmdb.web.web1.nosuch"));
        assertEquals(Optional.empty(), refs.apply("cmdb.web.db1.example.com.ratio"));
        assertEquals(Optional.empty(), refs.apply("cmdb.web.port"));
        assertEquals(Optional.empty(), refs.apply("params.web"));
    }

    @Test
    void apply_discardedRow_isEmpty() {
        Row row = cmdb.store.list("web", dev.tejun.cmdb.model.RowQuery.active().withOperation(null)).stream()
                .filter(r -> r.host().equals("db1.example.com"))
                .findFirst()
                .orElseThrow();
        cmdb.store.discard("web", row.id(), row.version(), ALICE);

        assertEquals(Optional.empty(), refs.apply("cmdb.web.db1.example.com.port"));
    }

    @Test
    void apply_dataSheetRowById() {
        cmdb.store.putSheet(SheetDef.data("vlans", "", ColumnDef.of("vid", ColumnType.INTEGER)), ALICE);
        Row row = cmdb.store.register("vlans", RowDraft.data(Map.of("vid", 42)), ALICE);

        assertEquals(Optional.of("42"), refs.apply("cmdb.vlans." + row.id() + ".vid"));
        assertEquals(Optional.empty(), refs.apply("cmdb.vlans.web1.vid"));
    }

    @Test
    void apply_secretColumn_isRefusedWithAdvice() {
        CmdbReferences.SecretRefused e =
                assertThrows(CmdbReferences.SecretRefused.class, () -> refs.apply("cmdb.web.web1.token"));
        assertTrue(
                e.getMessage().contains("${cmdb.web.web1.token}")
                        && e.getMessage().contains("environment"),
                e.getMessage());
        assertThrows(CmdbReferences.SecretRefused.class, () -> refs.apply("cmdb.hosts.web1.credential"));
    }

    @Test
    void substitution_unknownHostFailsWithUnresolvedReference() {
        assertEquals("curl https://web1:8443/", Template.CELLS.fill("curl https://web1:${cmdb.web.web1.port}/", refs));
        Template.Unresolved e =
                assertThrows(Template.Unresolved.class, () -> Template.CELLS.fill("ping ${cmdb.web.web9.port}", refs));
        assertEquals(List.of("cmdb.web.web9.port"), e.references());
        assertTrue(e.getMessage().startsWith("unresolved reference"), e.getMessage());
    }

    @Test
    void in_operationAndAsOf_theOperationsRowAndTheValueAsItWasThen() {
        CmdbReferences patch = refs.in("2026-12 patch", null);
        assertEquals(Optional.of("9443"), patch.apply("cmdb.web.web1.port"));
        assertEquals(Optional.of("5432"), patch.apply("cmdb.web.db1.example.com.port"), "no row of it: the default");
        var web1 = cmdb.store.hostRow("web", "web1").orElseThrow();
        java.time.Instant then = web1.updatedAt();
        cmdb.clock.advance(java.time.Duration.ofHours(1));
        cmdb.store.update("web", web1.id(), 1, RowDraft.host("web1", Map.of("port", 1)), ALICE);
        assertEquals(Optional.of("1"), refs.apply("cmdb.web.web1.port"));
        assertEquals(Optional.of("8443"), refs.in(null, then).apply("cmdb.web.web1.port"));
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> refs.in("nope", null));
        org.junit.jupiter.api.Assertions.assertTrue(unknown.getMessage().contains("unknown operation 'nope'"));
    }
}
