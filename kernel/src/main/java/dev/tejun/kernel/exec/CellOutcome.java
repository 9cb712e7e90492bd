package dev.tejun.kernel.exec;

import dev.tejun.kernel.event.CellStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * How a cell ended.
 *
 * @param exitCode  null where there is no process exit code
 * @param value     a value later cells can refer to as {@code ${cells.ID.value}} (e.g. JShell's last value), or null
 * @param message   why it failed, for the user; null when it succeeded
 * @param artifacts files the cell made that belong in its evidence beside the output, such as the input and result
 *                  zips of an ansible cell; the session copies them into the run's evidence
 */
public record CellOutcome(CellStatus status, Integer exitCode, String value, String message, List<Path> artifacts) {

    public CellOutcome {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    public CellOutcome(CellStatus status, Integer exitCode, String value, String message) {
        this(status, exitCode, value, message, List.of());
    }

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

    /** The same outcome with these files for evidence. */
    /** The same outcome with {@code more} after its message; unchanged when it has none. */
    public CellOutcome adding(String more) {
        return message == null ? this : new CellOutcome(status, exitCode, value, message + more, artifacts);
    }

    public CellOutcome withArtifacts(List<Path> files) {
        return new CellOutcome(status, exitCode, value, message, files);
    }
}
