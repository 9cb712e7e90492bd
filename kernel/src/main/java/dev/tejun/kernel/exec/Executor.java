package dev.tejun.kernel.exec;

/**
 * Runs cells of one or more languages for one session. A session creates each executor on first use
 * and closes it when the session ends, so an executor may keep state between cells (a JShell, a connection).
 */
public interface Executor extends AutoCloseable {

    /**
     * Runs one cell and blocks until it is done. When the calling thread is interrupted, the executor stops
     * the work (killing every process it started) and returns {@link CellOutcome#stopped()} promptly.
     * A timeout ({@link CellRequest#timeout()}) ends the work the same way and returns a TIMED_OUT outcome.
     */
    CellOutcome execute(CellRequest request, Output output);

    @Override
    default void close() {}
}
