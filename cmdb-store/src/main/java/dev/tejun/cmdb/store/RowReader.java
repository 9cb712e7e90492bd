package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.ChangeAction;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads current rows and the journal. */
final class RowReader {

    private static final String ROW_COLUMNS =
            "id, sheet, host, operation, doc, version, discarded, updated_at, updated_by";

    private RowReader() {}

    static Optional<Row> get(Connection c, SheetDef sheet, long id, Json.Secrets secrets) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM cmdb_row WHERE sheet = ? AND id = ?")) {
            ps.setString(1, sheet.name());
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(new RowDecoder(sheet, secrets), rs)) : Optional.empty();
            }
        }
    }

    /** The host's row in force by default (no operation) in a HOST sheet, unless it is discarded. */
    static Optional<Row> byHost(Connection c, SheetDef sheet, String host, Json.Secrets secrets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM cmdb_row"
                + " WHERE sheet = ? AND host = ? AND operation IS NULL AND discarded = ? ORDER BY id")) {
            ps.setString(1, sheet.name());
            ps.setString(2, host);
            ps.setBoolean(3, false);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(new RowDecoder(sheet, secrets), rs)) : Optional.empty();
            }
        }
    }

    /** Matching rows in id order; documents are decoded in parallel once all are read (see {@link RowDecoder#decodeAll}). */
    static List<Row> list(Connection c, SheetDef sheet, RowQuery query, Json.Secrets secrets) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        try (PreparedStatement ps = select(c, sheet, query);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stored.add(new Stored(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBytes(5),
                        rs.getLong(6),
                        rs.getBoolean(7),
                        rs.getLong(8),
                        rs.getString(9)));
            }
        }
        return RowDecoder.decodeAll(
                sheet,
                secrets,
                stored,
                (decoder, r) -> new Row(
                        r.id,
                        r.sheet,
                        r.host,
                        r.operation,
                        decoder.values(r.doc),
                        r.version,
                        r.discarded,
                        Instant.ofEpochMilli(r.updatedAt),
                        r.updatedBy));
    }

    /** A cmdb_row row before its document is decoded. */
    private record Stored(
            long id,
            String sheet,
            String host,
            String operation,
            byte[] doc,
            long version,
            boolean discarded,
            long updatedAt,
            String updatedBy) {}

    /** Streams matching rows in id order without holding them all. */
    static void scan(
            Connection c, SheetDef sheet, RowQuery query, Json.Secrets secrets, java.util.function.Consumer<Row> sink)
            throws SQLException {
        try (PreparedStatement ps = select(c, sheet, query)) {
            RowDecoder decoder = new RowDecoder(sheet, secrets);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(decoder, rs));
                }
            }
        }
    }

    private static PreparedStatement select(Connection c, SheetDef sheet, RowQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ROW_COLUMNS + " FROM cmdb_row WHERE sheet = ?");
        if (!query.anyOperation()) {
            sql.append(query.operation() == null ? " AND operation IS NULL" : " AND operation = ?");
        }
        if (query.discarded() != RowQuery.Discarded.ALL) {
            sql.append(" AND discarded = ?");
        }
        if (query.afterId() > 0) {
            sql.append(" AND id > ").append(query.afterId());
        }
        sql.append(" ORDER BY id");
        if (query.limit() > 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            int i = 1;
            ps.setString(i++, sheet.name());
            if (!query.anyOperation() && query.operation() != null) {
                ps.setString(i++, query.operation());
            }
            if (query.discarded() != RowQuery.Discarded.ALL) {
                ps.setBoolean(i, query.discarded() == RowQuery.Discarded.DISCARDED);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    static List<Change> history(Connection c, SheetDef sheet, long rowId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, sheet, row_id, action, user_name, channel, at, row_after FROM cmdb_journal"
                        + " WHERE row_id = ? AND sheet = ? ORDER BY seq")) {
            ps.setLong(1, rowId);
            ps.setString(2, sheet.name());
            return changes(sheet, ps);
        }
    }

    /** The row as the journal recorded it at {@code version}, secrets as stored (sealed); empty when it never was. */
    static Optional<Row> atVersion(Connection c, SheetDef sheet, long rowId, long version) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT row_after FROM cmdb_journal WHERE row_id = ? AND sheet = ? ORDER BY seq")) {
            ps.setLong(1, rowId);
            ps.setString(2, sheet.name());
            RowDecoder decoder = new RowDecoder(sheet, Json.Secrets.SEALED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = decoder.journalRow(rs.getBytes(1));
                    if (row.version() == version) {
                        return Optional.of(row);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Journal entries of all sheets after {@code afterSeq}, oldest first; for audit feeds. */
    static List<Change> since(Connection c, long afterSeq, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, sheet, row_id, action, user_name, channel, at, row_after FROM cmdb_journal"
                        + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            return changes(null, ps);
        }
    }

    /** One row as it was at {@code at}; empty when it did not exist yet. */
    static Optional<Row> asOf(Connection c, SheetDef sheet, long rowId, Instant at, Json.Secrets secrets)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT row_after FROM cmdb_journal"
                + " WHERE sheet = ? AND row_id = ? AND at <= ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, sheet.name());
            ps.setLong(2, rowId);
            ps.setLong(3, at.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? RowDecoder.decodeAll(sheet, secrets, List.of(rs.getBytes(1)), RowDecoder::journalRow).stream()
                                .findFirst()
                        : Optional.empty();
            }
        }
    }

    /** Every row of the sheet that existed at {@code at}, as it was then (discarded ones included), by id. */
    static List<Row> asOf(Connection c, SheetDef sheet, Instant at, Json.Secrets secrets) throws SQLException {
        // The inner query walks the (sheet, at) index and keeps each row's last entry; the join fetches that entry
        // by its primary key. No ORDER BY: sorting in the database would copy every row_after through a sort (a
        // temp b-tree in SQLite, past work_mem on PostgreSQL). SQLite answers in row_id order (its GROUP BY walks
        // the groups in order); PostgreSQL's hash aggregate does not, and the entries are put in order here by
        // their ids before they are decoded (sorting the decoded rows cost a fifth of the read there).
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT j.row_id, j.row_after FROM (SELECT MAX(seq) AS last FROM cmdb_journal WHERE sheet = ? AND"
                        + " at <= ? GROUP BY row_id) m JOIN cmdb_journal j ON j.seq = m.last")) {
            ps.setString(1, sheet.name());
            ps.setLong(2, at.toEpochMilli());
            List<byte[]> stored = new ArrayList<>();
            long[] ids = new long[256];
            boolean ordered = true;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = stored.size();
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n] = rs.getLong(1);
                    ordered &= n == 0 || ids[n] > ids[n - 1];
                    stored.add(rs.getBytes(2));
                }
            }
            return RowDecoder.decodeAll(sheet, secrets, ordered ? stored : byId(stored, ids), RowDecoder::journalRow);
        }
    }

    /** {@code stored} in the order of {@code ids} (one for each, distinct), smallest first. */
    static List<byte[]> byId(List<byte[]> stored, long[] ids) {
        int n = stored.size();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, ids[i]);
            max = Math.max(max, ids[i]);
        }
        List<byte[]> out = new ArrayList<>(n);
        if (n > 0 && max - min < Integer.MAX_VALUE) {
            // each id's offset from the smallest and its place in one long, sorted as numbers: no comparator
            long[] keyed = new long[n];
            for (int i = 0; i < n; i++) {
                keyed[i] = (ids[i] - min) << 32 | i;
            }
            Arrays.sort(keyed);
            for (long k : keyed) {
                out.add(stored.get((int) k));
            }
        } else {
            long[] of = ids;
            java.util.stream.IntStream.range(0, n)
                    .boxed()
                    .sorted(java.util.Comparator.comparingLong(i -> of[i]))
                    .forEach(i -> out.add(stored.get(i)));
        }
        return out;
    }

    private static List<Change> changes(SheetDef knownSheet, PreparedStatement ps) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String sheetName = rs.getString(2);
                SheetDef sheet = knownSheet != null
                        ? knownSheet
                        : Sheets.get(ps.getConnection(), sheetName).orElse(null);
                out.add(new Change(
                        rs.getLong(1),
                        sheetName,
                        rs.getLong(3),
                        ChangeAction.valueOf(rs.getString(4)),
                        rs.getString(5),
                        Channel.valueOf(rs.getString(6)),
                        Instant.ofEpochMilli(rs.getLong(7)),
                        new RowDecoder(sheet, Json.Secrets.MASKED).journalRow(rs.getBytes(8))));
            }
        }
        return out;
    }

    private static Row row(RowDecoder decoder, ResultSet rs) throws SQLException {
        return new Row(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                decoder.values(rs.getBytes(5)),
                rs.getLong(6),
                rs.getBoolean(7),
                Instant.ofEpochMilli(rs.getLong(8)),
                rs.getString(9));
    }
}
