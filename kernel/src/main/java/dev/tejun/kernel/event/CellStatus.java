package dev.tejun.kernel.event;

/** Where a cell stands. The notebook colours cells by it. */
public enum CellStatus {
    IDLE,
    QUEUED,
    RUNNING,
    OK,
    FAILED,
    STOPPED,
    TIMED_OUT,
    SKIPPED,
    /** Not run because the cell says {@code freeze=true}: never "ok", and the run goes on past it. */
    FROZEN;

    public boolean finished() {
        return this == OK
                || this == FAILED
                || this == STOPPED
                || this == TIMED_OUT
                || this == SKIPPED
                || this == FROZEN;
    }
}
