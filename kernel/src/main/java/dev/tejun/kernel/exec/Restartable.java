package dev.tejun.kernel.exec;

/**
 * An executor that keeps state per kind of cell (a Jupyter kernel per kernel name) and can end just the part a cell
 * runs in: the UI's "Restart kernel" on one cell leaves the session's other kernels and their variables alone.
 */
public interface Restartable {

    /**
     * Ends the state {@code cell} would run in (its kernel), so the next such cell starts fresh.
     *
     * @return whether there was any to end
     * @throws IllegalArgumentException when the cell names nothing this executor could run (an unknown kernel)
     */
    boolean restart(CellRequest cell);
}
