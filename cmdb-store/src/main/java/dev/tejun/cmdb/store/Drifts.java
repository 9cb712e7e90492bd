package dev.tejun.cmdb.store;

import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
import dev.tejun.cmdb.drift.Pairings;
import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The drift between each observed sheet and its expected sheet, per host and column, with since when each differing
 * pair has differed. Values are compared in parallel (pure work on rows already read); the journal, which only a
 * differing host needs, is read afterwards on the caller's connection.
 */
final class Drifts {

    /** Hosts compared per task: enough to pay for handing the work to another core. */
    private static final int HOSTS_PER_TASK = 500;

    private Drifts() {}

    /** One report per observed sheet; {@code sheet} names an expected or an observed sheet, null for all. */
    static List<DriftReport> of(Connection c, String sheet, Instant now) throws SQLException {
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

    /** The paired columns of one report, resolved once: a name lookup per cell cost a third of a large drift. */
    private record Columns(
            List<String> names,
            List<String> observed,
            List<ColumnDef> defs,
            Map<String, Integer> wantAt,
            Map<String, Integer> haveAt) {

        static Columns of(SheetDef observedSheet, SheetDef expected) {
            Map<String, String> pairs = Pairings.columns(observedSheet, expected);
            List<String> names = List.copyOf(pairs.keySet());
            List<String> observed = new ArrayList<>();
            List<ColumnDef> defs = new ArrayList<>();
            Map<String, Integer> wantAt = new HashMap<>();
            Map<String, Integer> haveAt = new HashMap<>();
            for (String name : names) {
                wantAt.put(name, defs.size());
                haveAt.put(pairs.get(name), defs.size());
                observed.add(pairs.get(name));
                defs.add(expected.column(name).orElseThrow());
            }
            return new Columns(names, List.copyOf(observed), List.copyOf(defs), wantAt, haveAt);
        }

        int size() {
            return names.size();
        }
    }

    /** One host compared: its rows and its cells, without since-when (that needs the journal, read afterwards). */
    private record Compared(Row expected, Row actual, HostDrift host, boolean any) {}

    private static DriftReport report(Connection c, SheetDef observed, SheetDef expected, Instant now)
            throws SQLException {
        Columns columns = Columns.of(observed, expected);
        List<Row> want = new ArrayList<>(new TreeMap<>(Observations.defaultRows(c, expected)).values());
        Map<String, Row> have = Observations.defaultRows(c, observed);
        Map<String, Object[]> looks = collections(c, observed.name());
        int tasks = Math.max(1, (want.size() + HOSTS_PER_TASK - 1) / HOSTS_PER_TASK);
        List<Compared> compared = IntStream.range(0, tasks)
                .parallel()
                .mapToObj(k ->
                        want.subList(k * HOSTS_PER_TASK, Math.min(want.size(), (k + 1) * HOSTS_PER_TASK)).stream()
                                .map(exp -> compare(columns, exp, have.get(exp.host()), looks.get(exp.host())))
                                .toList())
                .flatMap(List::stream)
                .toList();
        List<HostDrift> hosts = new ArrayList<>(compared.size());
        for (Compared one : compared) {
            hosts.add(one.any() ? since(c, observed, expected, one) : one.host());
        }
        return new DriftReport(expected.name(), observed.name(), columns.names(), hosts, now);
    }

    private static Compared compare(Columns columns, Row exp, Row act, Object[] look) {
        Object[] wanted = slots(exp, columns.wantAt(), columns.size());
        Object[] raws = slots(act, columns.haveAt(), columns.size());
        CellDrift[] cells = new CellDrift[columns.size()];
        boolean any = false;
        for (int i = 0; i < cells.length; i++) {
            boolean differs = look != null && !Observations.same(columns.defs().get(i), wanted[i], raws[i]);
            any |= differs;
            cells[i] =
                    new CellDrift(columns.names().get(i), columns.observed().get(i), wanted[i], raws[i], differs, null);
        }
        HostDrift host = new HostDrift(
                exp.host(),
                look == null ? null : Instant.ofEpochMilli((Long) look[0]),
                look == null ? null : (String) look[1],
                Arrays.asList(cells));
        return new Compared(exp, act, host, any);
    }

    /** The host with since-when of each differing cell, read from both rows' journals. */
    private static HostDrift since(Connection c, SheetDef observed, SheetDef expected, Compared one)
            throws SQLException {
        List<Change> expHistory = RowReader.history(c, expected, one.expected().id());
        List<Change> actHistory = one.actual() == null
                ? List.of()
                : RowReader.history(c, observed, one.actual().id());
        HostDrift host = one.host();
        List<CellDrift> cells = new ArrayList<>(host.cells().size());
        for (CellDrift cell : host.cells()) {
            if (cell.differs()) {
                Instant a = heldSince(expHistory, cell.column(), cell.expected());
                Instant b = heldSince(actHistory, cell.observed(), cell.actual());
                Instant since = a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
                cell = new CellDrift(cell.column(), cell.observed(), cell.expected(), cell.actual(), true, since);
            }
            cells.add(cell);
        }
        return new HostDrift(host.host(), host.collectedAt(), host.collectedBy(), cells);
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
}
