package dev.tejun.cmdb.store;

import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
import dev.tejun.cmdb.drift.Pairings;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Change;
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
import java.sql.ResultSet;
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
 * written from what a host happens to be), and the drift between each observed sheet and its expected sheet.
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

    /** One report per observed sheet; {@code sheet} names an expected or an observed sheet, null for all. */
    static List<DriftReport> drift(Connection c, String sheet, Instant now) throws SQLException {
        List<SheetDef> all = Sheets.list(c);
        List<DriftReport> out = new ArrayList<>();
        boolean named = sheet == null;
        for (SheetDef observed : all) {
            if (!observed.observed()) {
                continue;
            }
            if (sheet != null
                    && !sheet.equals(observed.name())
                    && !sheet.equals(observed.observes().sheet())) {
                continue;
            }
            named = true;
            SheetDef expected = Sheets.require(c, observed.observes().sheet());
            out.add(report(c, observed, expected, now));
        }
        if (!named) {
            throw Sheets.get(c, sheet).isPresent()
                    ? new IllegalArgumentException("sheet " + sheet + " has no observed sheet paired with it")
                    : new NotFoundException("no sheet " + sheet);
        }
        return out;
    }

    private static DriftReport report(Connection c, SheetDef observed, SheetDef expected, Instant now)
            throws SQLException {
        Map<String, String> pairs = Pairings.columns(observed, expected);
        Map<String, Row> want = defaultRows(c, expected);
        Map<String, Row> have = defaultRows(c, observed);
        Map<String, Object[]> looks = collections(c, observed.name());
        // Columns resolved once per report, values read in one pass per row: a drift of 10,000 hosts × 30 columns
        // spent a third of its time looking each column up by name, twice per cell.
        List<String> names = List.copyOf(pairs.keySet());
        List<ColumnDef> columns = new ArrayList<>();
        Map<String, Integer> wantAt = new HashMap<>();
        Map<String, Integer> haveAt = new HashMap<>();
        for (String name : names) {
            wantAt.put(name, columns.size());
            haveAt.put(pairs.get(name), columns.size());
            columns.add(expected.column(name).orElseThrow());
        }
        List<HostDrift> hosts = new ArrayList<>();
        for (Row exp : new TreeMap<>(want).values()) {
            Row act = have.get(exp.host());
            Object[] look = looks.get(exp.host());
            Object[] wanted = slots(exp, wantAt, names.size());
            Object[] raws = slots(act, haveAt, names.size());
            List<CellDrift> cells = new ArrayList<>(names.size());
            List<Change> expHistory = null;
            List<Change> actHistory = null;
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String obs = pairs.get(name);
                boolean differs = look != null && !same(columns.get(i), wanted[i], raws[i]);
                Instant since = null;
                if (differs) {
                    expHistory = expHistory != null ? expHistory : RowReader.history(c, expected, exp.id());
                    actHistory = actHistory != null
                            ? actHistory
                            : act == null ? List.of() : RowReader.history(c, observed, act.id());
                    Instant a = heldSince(expHistory, name, wanted[i]);
                    Instant b = heldSince(actHistory, obs, raws[i]);
                    since = a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
                }
                cells.add(new CellDrift(name, obs, wanted[i], raws[i], differs, since));
            }
            hosts.add(new HostDrift(
                    exp.host(),
                    look == null ? null : Instant.ofEpochMilli((Long) look[0]),
                    look == null ? null : (String) look[1],
                    cells));
        }
        return new DriftReport(expected.name(), observed.name(), List.copyOf(pairs.keySet()), hosts, now);
    }

    /** The row's values of the paired columns, by their index in the report; all null for no row. */
    private static Object[] slots(Row row, Map<String, Integer> at, int size) {
        Object[] out = new Object[size];
        if (row != null) {
            for (Map.Entry<String, Object> e : row.values().entrySet()) {
                Integer i = at.get(e.getKey());
                if (i != null) {
                    out[i] = e.getValue();
                }
            }
        }
        return out;
    }

    /** When the row's column took the value it holds now: the first entry of the last run holding it. */
    private static Instant heldSince(List<Change> history, String column, Object value) {
        Instant since = null;
        for (Change change : history) {
            if (Objects.equals(change.after().value(column), value)) {
                since = since == null ? change.at() : since;
            } else {
                since = null;
            }
        }
        return since;
    }

    private static Map<String, Object[]> collections(Connection c, String sheet) throws SQLException {
        Map<String, Object[]> out = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT host, collected_at, source FROM cmdb_collection WHERE sheet = ?")) {
            ps.setString(1, sheet);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3)});
                }
            }
        }
        return out;
    }

    /** Host → its current row in force by default (operation rows are plans, not state). */
    private static Map<String, Row> defaultRows(Connection c, SheetDef sheet) throws SQLException {
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
