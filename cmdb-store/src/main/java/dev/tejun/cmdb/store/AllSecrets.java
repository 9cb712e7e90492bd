package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.secret.SecretBox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every clear value of every SECRET column (discarded rows too), for masking output only. Kept until the data
 * changes: a run asks at its start, and decrypting thousands of values each time would cost milliseconds, while
 * the journal's last sequence number and the sheets' last change (three index lookups) say whether anything did.
 */
final class AllSecrets {

    private record Cached(String key, List<String> values) {}

    private final SecretBox box;
    private volatile Cached cached = new Cached("", List.of());

    AllSecrets(SecretBox box) {
        this.box = box;
    }

    /** Each call reads one snapshot; two at once at worst both compute, and the next call sees which key is current. */
    List<String> current(Connection c) throws SQLException {
        String key = key(c);
        Cached now = cached;
        if (key.equals(now.key())) {
            return now.values();
        }
        Set<String> values = new LinkedHashSet<>();
        for (SheetDef sheet : Sheets.list(c)) {
            List<String> columns = sheet.columns().stream()
                    .filter(col -> col.type() == ColumnType.SECRET)
                    .map(ColumnDef::name)
                    .toList();
            if (columns.isEmpty()) {
                continue;
            }
            RowReader.scan(c, sheet, RowQuery.all(), Json.Secrets.SEALED, row -> {
                for (String column : columns) {
                    if (row.value(column) instanceof String sealed && !sealed.isEmpty()) {
                        try {
                            values.add(SecretBox.isSealed(sealed) ? box.open(sheet.name(), column, sealed) : sealed);
                        } catch (IllegalStateException wrongKey) {
                            // no executor can reveal it either, so no output can contain it
                        }
                    }
                }
            });
        }
        cached = new Cached(key, List.copyOf(values));
        return cached.values();
    }

    private static String key(Connection c) throws SQLException {
        // closing the result set alone leaves the statement prepared on the connection until it closes: one per run
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT (SELECT MAX(seq) FROM "
                                + "cmdb_journal), (SELECT MAX(updated_at) FROM cmdb_sheet), (SELECT COUNT(*) FROM cmdb_sheet)")) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }
}
