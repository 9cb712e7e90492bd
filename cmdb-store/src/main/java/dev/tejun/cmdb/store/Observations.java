package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.secret.SecretBox;
import dev.tejun.cmdb.validation.ValueParser;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Actual state: collectors' writes into observed sheets (only those: an expected sheet is the design and is never
 * written from what a host happens to be). The drift between them is {@link Drifts}.
 *
 * <p>A collection writes a row's journal entry only when a value changed, so history shows changes of actual state,
 * not every look; {@code cmdb_collection} records every look (when, and which run).
 */
final class Observations {

    private Observations() {}

    /** @return how many rows changed */
    static int record(
            Connection c,
            SecretBox secrets,
            Instant at,
            Actor actor,
            String sheet,
            Map<String, Map<String, Object>> byHost,
            String source)
            throws SQLException {
        SheetDef def = Sheets.require(c, sheet);
        if (!def.observed()) {
            throw new IllegalArgumentException("sheet " + sheet + " is not an observed sheet: collectors write actual"
                    + " state only into sheets that observe an expected one, never into the design");
        }
        Map<String, Row> current = defaultRows(c, def);
        List<RowOp> ops = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(byHost).entrySet()) {
            Row row = current.get(e.getKey());
            Map<String, Object> values = new LinkedHashMap<>(row == null ? Map.of() : row.values());
            values.putAll(e.getValue());
            if (row == null) {
                ops.add(new RowOp.Register(sheet, e.getKey(), RowDraft.host(e.getKey(), values)));
            } else if (!same(def, row.values(), values)) {
                ops.add(new RowOp.Update(
                        sheet, e.getKey(), row.id(), row.version(), new RowDraft(e.getKey(), null, values)));
            }
        }
        Batch.Result result = new Batch(c, secrets, at, actor).run(ops);
        if (!result.errors().isEmpty()) {
            throw new ValidationException(result.errors());
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO cmdb_collection (sheet, host, collected_at, source) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (sheet, host) DO UPDATE SET collected_at = excluded.collected_at,"
                        + " source = excluded.source")) {
            for (String host : byHost.keySet()) {
                ps.setString(1, sheet);
                ps.setString(2, host);
                ps.setLong(3, at.toEpochMilli());
                ps.setString(4, source);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return ops.size();
    }

    /** Host → its current row in force by default (operation rows are plans, not state). */
    static Map<String, Row> defaultRows(Connection c, SheetDef sheet) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        for (Row row : RowReader.list(c, sheet, RowQuery.active(), Json.Secrets.MASKED)) {
            if (row.operation() == null && row.host() != null) {
                out.put(row.host(), row);
            }
        }
        return out;
    }

    /** Whether a collection changes nothing in the row, each value read through its column's type. */
    private static boolean same(SheetDef sheet, Map<String, Object> before, Map<String, Object> after) {
        for (ColumnDef column : sheet.columns()) {
            if (!same(column, before.get(column.name()), after.get(column.name()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code actual} (any type, as collected) is the value {@code expected} of the column's type. */
    static boolean same(ColumnDef column, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && (actual == null || actual.toString().isBlank());
        }
        if (expected.equals(actual)) {
            return true; // parsing is deterministic: equal inputs parse alike
        }
        if (actual instanceof String text
                && (expected instanceof Long || expected instanceof Boolean)
                && text.equals(expected.toString())) {
            // the common case of a collected number or flag, as text: a drift of 10,000 hosts × 30 columns spent a
            // third of its CPU parsing both sides through a regex to find them equal
            return true;
        }
        ValueParser.Parsed a = ValueParser.parse(column, actual);
        ValueParser.Parsed e = ValueParser.parse(column, expected);
        Object x = e.problem() == null ? e.value() : expected;
        Object y = a.problem() == null ? a.value() : actual;
        if (x instanceof BigDecimal p && y instanceof BigDecimal q) {
            return p.compareTo(q) == 0;
        }
        return Objects.equals(x, y);
    }
}
