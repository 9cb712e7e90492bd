package dev.tejun.cmdb.model;

import java.util.Map;

/**
 * How one row differs between two points in time.
 *
 * @param rowId   the row
 * @param kind    what happened between the two times
 * @param before  the row at the first time, null if it did not exist yet
 * @param after   the row at the second time
 * @param columns changed columns → values before and after (secrets masked); also the key fields
 *                {@code host} and {@code operation} when they changed
 */
public record RowDiff(long rowId, Kind kind, Row before, Row after, Map<String, ValueChange> columns) {

    public enum Kind {
        ADDED,
        CHANGED,
        DISCARDED,
        RESTORED
    }

    /** One value before and after; either may be null (no value). */
    public record ValueChange(Object before, Object after) {}
}
