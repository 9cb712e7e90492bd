package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Row;

/**
 * The caller's version of a row is not the stored one: someone changed it meanwhile (REST: 409). Carries the
 * current row (secrets masked) so the caller can show it and let the user redo the edit.
 */
public final class StaleVersionException extends CmdbException {

    private final transient Row current;

    public StaleVersionException(Row current, long expectedVersion) {
        super("row " + current.sheet() + " id=" + current.id() + " is at version " + current.version() + ", not "
                + expectedVersion + ": it was changed meanwhile");
        this.current = current;
    }

    public Row current() {
        return current;
    }
}
