package dev.tejun.cmdb.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A private in-memory SQLite copy of some tables of another database, for SQL that users write ({@code cmdb} cells)
 * when the Tejun database is PostgreSQL: authors keep one dialect (SQLite, with {@code json_extract} over the row
 * documents) whatever the backend, and their query cannot reach PostgreSQL at all. The copy is made from one read
 * snapshot, so the tables agree with each other.
 */
final class SqliteSnapshot {

    private static final int BATCH = 1000;

    private SqliteSnapshot() {}

    /** A new in-memory SQLite connection holding the tables named {@code prefix…} as {@code source} sees them. */
    static Connection of(Connection source, String prefix) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = source.getMetaData().getTables(null, source.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.startsWith(prefix)) {
                    tables.add(name);
                }
            }
        }
        Connection copy = DriverManager.getConnection("jdbc:sqlite::memory:");
        try {
            copy.setAutoCommit(false);
            for (String table : tables) {
                copyTable(source, copy, table);
            }
            copy.commit();
            copy.setAutoCommit(true);
            return copy;
        } catch (SQLException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private static void copyTable(Connection source, Connection copy, String table) throws SQLException {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad table name " + table);
        }
        try (Statement read = source.createStatement()) {
            read.setFetchSize(
                    BATCH); // PostgreSQL streams the rows (within the read transaction) instead of all at once
            try (ResultSet rs = read.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                StringJoiner columns = new StringJoiner(", ");
                StringJoiner marks = new StringJoiner(", ");
                for (int i = 1; i <= n; i++) {
                    columns.add(meta.getColumnName(i) + " " + sqliteType(meta.getColumnType(i)));
                    marks.add("?");
                }
                try (Statement ddl = copy.createStatement()) {
                    ddl.execute("CREATE TABLE " + table + " (" + columns + ")");
                }
                try (PreparedStatement insert =
                        copy.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
                    int pending = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            bind(insert, i, meta.getColumnType(i), rs);
                        }
                        insert.addBatch();
                        if (++pending == BATCH) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                    insert.executeBatch();
                }
            }
        }
    }

    private static String sqliteType(int jdbcType) {
        return switch (jdbcType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BOOLEAN, Types.BIT -> "INTEGER";
            case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> "REAL";
            default -> "TEXT";
        };
    }

    /** Booleans become 0/1, as SQLite stores them (the views compare {@code discarded = 0}). */
    private static void bind(PreparedStatement insert, int i, int jdbcType, ResultSet rs) throws SQLException {
        switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(i);
                insert.setObject(i, rs.wasNull() ? null : (b ? 1 : 0));
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                long v = rs.getLong(i);
                insert.setObject(i, rs.wasNull() ? null : v);
            }
            case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> {
                double v = rs.getDouble(i);
                insert.setObject(i, rs.wasNull() ? null : v);
            }
            default -> insert.setString(i, rs.getString(i));
        }
    }
}
