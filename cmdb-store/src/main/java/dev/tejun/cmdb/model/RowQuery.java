package dev.tejun.cmdb.model;

/**
 * Which rows of a sheet a list or as-of read returns.
 *
 * @param anyOperation true: rows of every operation; false: only rows whose operation equals {@code operation}
 * @param operation    the operation to match when {@code anyOperation} is false (null = the default rows)
 * @param discarded    which rows by their discarded flag
 * @param afterId      only rows whose id is above this (keyset paging; 0 = from the first row)
 * @param limit        at most this many rows (0 = no limit)
 */
public record RowQuery(boolean anyOperation, String operation, Discarded discarded, long afterId, int limit) {

    public RowQuery {
        if (afterId < 0 || limit < 0) {
            throw new IllegalArgumentException("afterId and limit must not be negative");
        }
    }

    /** Filter on the discarded flag. */
    public enum Discarded {
        ACTIVE,
        DISCARDED,
        ALL
    }

    /** Current (not discarded) rows of every operation. */
    public static RowQuery active() {
        return new RowQuery(true, null, Discarded.ACTIVE, 0, 0);
    }

    /** Every row, discarded or not, of every operation. */
    public static RowQuery all() {
        return new RowQuery(true, null, Discarded.ALL, 0, 0);
    }

    /** A copy restricted to one operation; null means the default rows (no operation). */
    public RowQuery withOperation(String name) {
        return new RowQuery(false, name, discarded, afterId, limit);
    }

    public RowQuery withDiscarded(Discarded filter) {
        return new RowQuery(anyOperation, operation, filter, afterId, limit);
    }

    /** A copy that reads one page: rows after {@code after} in id order, at most {@code max} of them. */
    public RowQuery page(long after, int max) {
        return new RowQuery(anyOperation, operation, discarded, after, max);
    }

    /** Whether the row passes the filters (paging aside: the limit applies to a whole read). */
    public boolean matches(Row row) {
        boolean op = anyOperation || java.util.Objects.equals(operation, row.operation());
        boolean flag = switch (discarded) {
            case ACTIVE -> !row.discarded();
            case DISCARDED -> row.discarded();
            case ALL -> true;
        };
        return op && flag && row.id() > afterId;
    }
}
