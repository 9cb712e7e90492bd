package dev.tejun.cmdb.model;

/**
 * Which rows of a sheet a list or as-of read returns.
 *
 * @param anyOperation true: rows of every operation; false: only rows whose operation equals {@code operation}
 * @param operation    the operation to match when {@code anyOperation} is false (null = the default rows)
 * @param discarded    which rows by their discarded flag
 */
public record RowQuery(boolean anyOperation, String operation, Discarded discarded) {

    /** Filter on the discarded flag. */
    public enum Discarded {
        ACTIVE,
        DISCARDED,
        ALL
    }

    /** Current (not discarded) rows of every operation. */
    public static RowQuery active() {
        return new RowQuery(true, null, Discarded.ACTIVE);
    }

    /** Every row, discarded or not, of every operation. */
    public static RowQuery all() {
        return new RowQuery(true, null, Discarded.ALL);
    }

    /** A copy restricted to one operation; null means the default rows (no operation). */
    public RowQuery withOperation(String name) {
        return new RowQuery(false, name, discarded);
    }

    public RowQuery withDiscarded(Discarded filter) {
        return new RowQuery(anyOperation, operation, filter);
    }

    public boolean matches(Row row) {
        boolean op = anyOperation || java.util.Objects.equals(operation, row.operation());
        boolean flag = switch (discarded) {
            case ACTIVE -> !row.discarded();
            case DISCARDED -> row.discarded();
            case ALL -> true;
        };
        return op && flag;
    }
}
