package dev.tejun.kernel.exec;

import dev.tejun.kernel.event.CellStatus;

/**
 * How a cell ended.
 *
 * @param exitCode null where there is no process exit code
 * @param value    a value later cells can refer to as {@code ${cells.ID.value}} (e.g. JShell's last value), or null
 * @param message  why it failed, for the user; null when it succeeded
 */
public record CellOutcome(CellStatus status, Integer exitCode, String value, String message) {

    public static CellOutcome ok(Integer exitCode, String value) {
        return new CellOutcome(CellStatus.OK, exitCode, value, null);
    }

    public static CellOutcome failed(Integer exitCode, String message) {
        return new CellOutcome(CellStatus.FAILED, exitCode, null, message);
    }

    public static CellOutcome stopped() {
        return new CellOutcome(CellStatus.STOPPED, null, null, "stopped");
    }

    public static CellOutcome timedOut(java.time.Duration after) {
        return new CellOutcome(CellStatus.TIMED_OUT, null, null, "timed out after " + after.toSeconds() + " s");
    }
}
