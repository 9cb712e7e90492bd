package dev.tejun.kernel.exec.cmdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a query to the CMDB. {@code tejun.db} also holds the server's own tables (users, audit, sessions), which
 * a read-only connection would still let a query read. SQLite has no per-table grant, so the query's compiled
 * program is inspected instead: {@code EXPLAIN} lists every b-tree it opens by root page and database, and each
 * one in {@code main} must belong to a {@code cmdb_} table (the prefix every CMDB table and index shares); the
 * sheet views live in {@code temp}, so reading them opens only {@code cmdb_} b-trees.
 */
final class TableGuard {

    private static final Set<String> OPENS = Set.of("OpenRead", "OpenWrite", "ReopenIdx");
    private static final int MAIN = 0;
    private static final int TEMP = 1;

    private TableGuard() {}

    static void check(Connection c, String sql) throws SQLException, QueryText.Refused {
        Set<Integer> allowed = cmdbRootPages(c);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                if (!OPENS.contains(rs.getString("opcode"))) {
                    continue;
                }
                int rootPage = rs.getInt("p2");
                int database = rs.getInt("p3");
                if (database == TEMP) {
                    continue;
                }
                if (database != MAIN || !allowed.contains(rootPage)) {
                    throw new QueryText.Refused("the query reads a table outside the CMDB; a cmdb cell may read"
                            + " the sheet views (and the cmdb_ tables) only");
                }
            }
        }
    }

    private static Set<Integer> cmdbRootPages(Connection c) throws SQLException {
        Set<Integer> pages = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT rootpage FROM main.sqlite_schema WHERE type IN ('table', 'index')"
                                + " AND tbl_name LIKE 'cmdb\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                pages.add(rs.getInt(1));
            }
        }
        return pages;
    }
}
