package dev.tejun.server.db;

import dev.tejun.cmdb.db.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Copies every table of a migrated SQLite database into a migrated, empty PostgreSQL one, rows and ids as they are,
 * in one PostgreSQL transaction: all or nothing. Tables go parents first (foreign keys), a table that refers to
 * itself (flow instances and their sub-flows) row by row parents first; generated-id sequences are moved past the
 * copied ids (and past ids SQLite's AUTOINCREMENT handed out and deleted, which must not come back). Both sides
 * must be at the same migration: each table's columns are the PostgreSQL table's.
 */
final class StoreCopy {

    /** One table copied: its name and rows. */
    record Copied(String table, long rows) {}

    private static final int BATCH = 500;

    private StoreCopy() {}

    static List<Copied> copy(Database from, Database to) {
        List<String> sourceTables = from.read(StoreCopy::tables);
        return to.write(c -> {
            List<String> order = parentsFirst(c, tables(c));
            for (String table : sourceTables) {
                if (!order.contains(table)) {
                    throw new SQLException("table " + table + " of the SQLite database has no place in PostgreSQL");
                }
            }
            for (String table : order) {
                long rows = count(c, table);
                if (rows > 0) {
                    throw new SQLException("the PostgreSQL database is not empty (" + table + " has " + rows
                            + " rows): copy into a new, empty database");
                }
            }
            List<Copied> out = new ArrayList<>();
            for (String table : order) {
                if (sourceTables.contains(table)) {
                    out.add(new Copied(table, copyTable(from, c, table)));
                }
            }
            moveSequences(from, c);
            return out;
        });
    }

    /** The tables that hold data: not Flyway's histories, nor the pre-Flyway runner's, nor SQLite's own. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        String schema = c.getSchema();
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("schema_history_")
                        && !name.equals("schema_migrations")
                        && !name.startsWith("sqlite_")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static List<String> parentsFirst(Connection c, List<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> p = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getImportedKeys(null, c.getSchema(), table)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    if (!parent.equals(table)) {
                        p.add(parent);
                    }
                }
            }
            parents.put(table, p);
        }
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < tables.size()) {
            boolean progress = false;
            for (String table : tables) {
                if (!done.contains(table) && done.containsAll(parents.get(table))) {
                    done.add(table);
                    progress = true;
                }
            }
            if (!progress) {
                throw new SQLException("foreign keys go round in a circle among " + tables);
            }
        }
        return new ArrayList<>(done);
    }

    private static long copyTable(Database from, Connection to, String table) throws SQLException {
        Map<String, Integer> columns = columns(to, table);
        SelfReference self = selfReference(to, table);
        StringJoiner names = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        columns.keySet().forEach(n -> {
            names.add(n);
            marks.add("?");
        });
        List<Object[]> rows = from.read(c -> {
            List<Object[]> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT " + names + " FROM " + table)) {
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
            }
            return out;
        });
        List<Integer> types = List.copyOf(columns.values());
        try (PreparedStatement insert =
                to.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
            int pending = 0;
            for (Object[] row : self == null ? rows : self.parentsFirst(List.copyOf(columns.keySet()), rows)) {
                for (int i = 0; i < row.length; i++) {
                    bind(insert, i + 1, types.get(i), row[i]);
                }
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
        return rows.size();
    }

    /** SQLite hands back what it stored (whole numbers, text); PostgreSQL wants the column's own type. */
    private static void bind(PreparedStatement insert, int i, int type, Object value) throws SQLException {
        if (value == null) {
            insert.setNull(i, type);
            return;
        }
        switch (type) {
            case Types.BOOLEAN, Types.BIT ->
                insert.setBoolean(
                        i, value instanceof Number n ? n.longValue() != 0 : Boolean.parseBoolean(value.toString()));
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> insert.setLong(i, ((Number) value).longValue());
            case Types.DOUBLE, Types.REAL, Types.FLOAT, Types.NUMERIC, Types.DECIMAL ->
                insert.setDouble(i, ((Number) value).doubleValue());
            default -> insert.setString(i, value.toString());
        }
    }

    private static Map<String, Integer> columns(Connection c, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), table, "%")) {
            while (rs.next()) {
                out.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
            }
        }
        return out;
    }

    /** A foreign key of a table to itself: child column → parent column. */
    private record SelfReference(String column, String parentColumn) {

        /** Rows whose parent is absent or already placed come first, until all are placed. */
        List<Object[]> parentsFirst(List<String> names, List<Object[]> rows) throws SQLException {
            int child = names.indexOf(column);
            int key = names.indexOf(parentColumn);
            List<Object[]> out = new ArrayList<>();
            Set<Object> placed = new HashSet<>();
            Set<Object> all = new HashSet<>();
            rows.forEach(r -> all.add(r[key]));
            List<Object[]> left = new ArrayList<>(rows);
            while (!left.isEmpty()) {
                List<Object[]> next = new ArrayList<>();
                for (Object[] r : left) {
                    if (r[child] == null || placed.contains(r[child]) || !all.contains(r[child])) {
                        out.add(r);
                        placed.add(r[key]);
                    } else {
                        next.add(r);
                    }
                }
                if (next.size() == left.size()) {
                    throw new SQLException("rows refer to each other in a circle through " + column);
                }
                left = next;
            }
            return out;
        }
    }

    private static SelfReference selfReference(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getImportedKeys(null, c.getSchema(), table)) {
            while (rs.next()) {
                if (rs.getString("PKTABLE_NAME").equals(table)) {
                    return new SelfReference(rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME"));
                }
            }
        }
        return null;
    }

    /**
     * Each generated id continues after the highest copied one, or after the highest SQLite ever handed out
     * (AUTOINCREMENT remembers ids of deleted rows in sqlite_sequence, so "schedule 7" is not made twice).
     */
    private static void moveSequences(Database from, Connection to) throws SQLException {
        Map<String, Long> handedOut = from.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            if (tableExists(c, "sqlite_sequence")) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
        List<String[]> identities = new ArrayList<>();
        try (Statement st = to.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (rs.next()) {
                identities.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] id : identities) {
            long max;
            try (Statement st = to.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + id[1] + "), 0) FROM " + id[0])) {
                rs.next();
                max = Math.max(rs.getLong(1), handedOut.getOrDefault(id[0], 0L));
            }
            try (PreparedStatement ps = to.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, false)")) {
                ps.setString(1, id[0]);
                ps.setString(2, id[1]);
                ps.setLong(3, max + 1);
                ps.executeQuery().close();
            }
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
