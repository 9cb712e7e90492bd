package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.testing.Fixtures;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SheetViewsTest {

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(
                SheetDef.host(
                        "app",
                        "",
                        ColumnDef.of("port", ColumnType.INTEGER),
                        ColumnDef.of("ratio", ColumnType.DECIMAL),
                        ColumnDef.of("tls", ColumnType.BOOLEAN),
                        ColumnDef.of("token", ColumnType.SECRET)),
                ALICE);
        Fixtures.addHosts(cmdb, "web1", "web2");
    }

    @Test
    void openViews_exposesTypedColumnsMasksSecretsAndHidesDiscarded() throws SQLException {
        cmdb.register(
                "app",
                RowDraft.host("web1", Map.of("port", 8080, "ratio", "0.5", "tls", true, "token", "s3cret")),
                ALICE);
        Row gone = cmdb.register("app", RowDraft.host("web2", Map.of("port", 9090)), ALICE);
        cmdb.discard("app", gone.id(), gone.version(), ALICE);

        List<List<Object>> rows = query(cmdb.openViews(null, null), "SELECT host, port, ratio, tls, token FROM app");

        assertEquals(List.of(List.of("web1", 8080, 0.5, 1, Row.MASK)), rows);
    }

    @Test
    void openViews_operationPicksItsRowAndFallsBackToDefault() throws SQLException {
        cmdb.register("app", RowDraft.host("web1", Map.of("port", 80)), ALICE);
        cmdb.register("app", RowDraft.host("web2", Map.of("port", 81)), ALICE);
        cmdb.register("app", RowDraft.host("web1", "2026-12 patch", Map.of("port", 8443)), ALICE);

        assertEquals(
                List.of(List.of("web1", 8443, "2026-12 patch"), List.of("web2", 81)),
                query(cmdb.openViews(null, "2026-12 patch"), "SELECT host, port, operation FROM app ORDER BY host")
                        .stream()
                        .map(r -> r.stream().filter(v -> v != null).toList())
                        .toList());
        assertEquals(
                List.of(List.of("web1", 80), List.of("web2", 81)),
                query(cmdb.openViews(null, null), "SELECT host, port FROM app ORDER BY host"));
    }

    @Test
    void openViews_asOfShowsValuesOfThatTime() throws SQLException {
        Row row = cmdb.register("app", RowDraft.host("web1", Map.of("port", 80)), ALICE);
        Instant then = clock.instant();
        clock.advance(Duration.ofHours(1));
        cmdb.update("app", row.id(), row.version(), RowDraft.host("web1", Map.of("port", 81)), ALICE);

        assertEquals(List.of(List.of(80)), query(cmdb.openViews(then, null), "SELECT port FROM app"));
        assertEquals(List.of(List.of(81)), query(cmdb.openViews(null, null), "SELECT port FROM app"));
        assertEquals(List.of(), query(cmdb.openViews(then.minusMillis(1), null), "SELECT port FROM app"));
    }

    @Test
    void openViews_refusesWritesEvenToTempTables() throws SQLException {
        try (Connection c = cmdb.openViews(null, null);
                Statement st = c.createStatement()) {
            for (String write : List.of(
                    "INSERT INTO cmdb_sheet (name, definition, updated_at, updated_by) VALUES ('x', '{}', 0, 'x')",
                    "CREATE TEMP TABLE scratch (a)",
                    "DROP VIEW app")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(write), write);
                assertTrue(e.getMessage().contains("readonly"), e.getMessage());
            }
        }
    }

    private static List<List<Object>> query(Connection c, String sql) throws SQLException {
        try (c;
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
