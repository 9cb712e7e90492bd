package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * One SQL view per sheet, for user-written read-only queries ({@code cmdb} cells): {@code id}, {@code host},
 * {@code operation}, then each column of the sheet's current definition extracted from the row's JSON document
 * with {@code json_extract}, so it comes out typed (INTEGER and BOOLEAN as integers, DECIMAL as real, the rest as
 * text). Discarded rows are left out; SECRET columns read {@value Row#MASK} when set.
 *
 * <p>The views are TEMP views made on the caller's connection for one scope (as of a time, for an operation)
 * rather than views kept in the database: a temp view can be created on a read-only connection, it costs
 * microseconds, it cannot go stale when a sheet definition changes, and the database file keeps no DDL that
 * follows sheet edits. Each view is named after its sheet and shadows any table of the same name.
 */
public final class SheetViews {

    private SheetViews() {}

    /**
     * Creates a TEMP view per sheet on {@code c}.
     *
     * @param asOf      null: current rows; else the rows as the journal had them at that time
     * @param operation null: the rows in force by default; else, in HOST sheets, each host's row of that operation
     *                  where it has one and its default row where it has none
     */
    public static void create(Connection c, List<SheetDef> sheets, Instant asOf, String operation) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (SheetDef sheet : sheets) {
                st.execute("DROP VIEW IF EXISTS temp." + ident(sheet.name()));
                st.execute(sql(sheet, asOf, operation));
            }
        }
    }

    /** The CREATE TEMP VIEW statement for one sheet. */
    static String sql(SheetDef sheet, Instant asOf, String operation) {
        StringBuilder sql = new StringBuilder("CREATE TEMP VIEW ")
                .append(ident(sheet.name()))
                .append(" AS WITH b AS (")
                .append(asOf == null ? current(sheet) : journal(sheet, asOf))
                .append(") SELECT id, host, operation");
        for (ColumnDef column : sheet.columns()) {
            String value = "json_extract(d, " + literal("$.\"" + column.name() + "\"") + ")";
            if (column.type() == ColumnType.SECRET) {
                value = "CASE WHEN " + value + " IS NULL THEN NULL ELSE " + literal(Row.MASK) + " END";
            }
            sql.append(", ").append(value).append(" AS ").append(ident(column.name()));
        }
        sql.append(" FROM b WHERE discarded = 0");
        if (sheet.hostKind()) {
            sql.append(
                    operation == null
                            ? " AND operation IS NULL"
                            : " AND (operation = " + literal(operation) + " OR (operation IS NULL AND host NOT IN"
                                    + " (SELECT host FROM b WHERE discarded = 0 AND operation = " + literal(operation)
                                    + ")))");
        }
        return sql.toString();
    }

    private static String current(SheetDef sheet) {
        return "SELECT id, host, operation, discarded, doc AS d FROM main.cmdb_row WHERE sheet = "
                + literal(sheet.name());
    }

    /** The last journal entry of each row at or before {@code asOf}: the same walk as {@code RowReader.asOf}. */
    private static String journal(SheetDef sheet, Instant asOf) {
        return "SELECT j.row_id AS id, json_extract(j.row_after, '$.host') AS host,"
                + " json_extract(j.row_after, '$.operation') AS operation,"
                + " json_extract(j.row_after, '$.discarded') AS discarded, json_extract(j.row_after, '$.values') AS d"
                + " FROM (SELECT MAX(seq) AS last FROM main.cmdb_journal WHERE sheet = " + literal(sheet.name())
                + " AND at <= " + asOf.toEpochMilli()
                + " GROUP BY row_id) m JOIN main.cmdb_journal j ON j.seq = m.last";
    }

    private static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
