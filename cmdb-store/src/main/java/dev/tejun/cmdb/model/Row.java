package dev.tejun.cmdb.model;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a sheet as stored: its key, its typed column values and its bookkeeping.
 * Values use the canonical Java types of {@link ColumnType}; a set SECRET column reads as {@link #MASK}.
 * Absent keys mean "no value".
 *
 * @param id        store-assigned id, stable for the life of the row
 * @param sheet     the sheet name
 * @param host      the host name (HOST sheets), null for DATA sheets
 * @param operation the operation this row prepares (HOST sheets), null for the row in force by default
 * @param values    column name → canonical value, in column order
 * @param version   starts at 1, grows by one with every change; the optimistic-concurrency token
 * @param discarded true once discarded (rows are never deleted)
 * @param updatedAt time of the last change
 * @param updatedBy user of the last change
 */
public record Row(
        long id,
        String sheet,
        String host,
        String operation,
        Map<String, Object> values,
        long version,
        boolean discarded,
        Instant updatedAt,
        String updatedBy) {

    /** What a SECRET value reads as everywhere except {@code CmdbStore.revealSecret}. */
    public static final String MASK = "****";

    public Row {
        // An ordered copy (not Map.copyOf): keeps column order for display. Compact: see ColumnValues.
        values = ColumnValues.copyOf(values);
    }

    public Object value(String column) {
        return values.get(column);
    }
}
