package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Asked by a session before a run's first cell, with its params resolved: what the run must hold while it goes on
 * (the resource locks its front matter declares). It may wait (the run stays queued), refuse (it throws; the run
 * fails with the message) or let it go; what it hands back is closed when the run ends, however it ends. It is asked
 * again before each cell ({@link #enterCell}: the locks a cell declares, held while that cell runs).
 */
@FunctionalInterface
public interface RunGuard {

    RunGuard NONE = (runId, name, runbook, params, stopped) -> Held.NONE;

    /**
     * @param stopped true once the run was stopped while it waits: give up then
     * @throws IllegalStateException to refuse the run, with the reason as message
     */
    Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped);

    /**
     * Asked before {@code cell} runs, with the run's params: what the cell must hold while it runs. Like
     * {@link #enter}, it may wait, refuse by throwing (the cell fails with the message) or let it go.
     */
    default Held enterCell(
            String runId,
            String name,
            Runbook runbook,
            CodeCell cell,
            Map<String, String> params,
            BooleanSupplier stopped) {
        return Held.NONE;
    }

    /**
     * Why a run of {@code runbook} with {@code params} would wait if it started now (a lock another run holds or runs
     * queue for), or null: for a caller that asked not to wait, answered before anything starts.
     */
    default String busy(String name, Runbook runbook, Map<String, String> params) {
        return null;
    }

    /**
     * This guard for runs started inside something that holds {@code keys} already (a flow instance or node holding
     * its locks): those locks are not taken again, so a flow's runbook declaring the flow's own lock does not wait
     * for itself. Guards that hold no locks answer themselves.
     */
    default RunGuard covering(Set<String> keys) {
        return this;
    }

    /**
     * This guard for a preview run, which runs nothing that changes anything: it checks what it checks but holds
     * nothing, so a preview is never queued or refused behind a lock (it reports the locks instead).
     */
    default RunGuard previewing() {
        return this;
    }

    /** This guard, then {@code next}; what both hold is let go in the reverse order. */
    default RunGuard then(RunGuard next) {
        RunGuard first = this;
        return new RunGuard() {
            @Override
            public Held enter(
                    String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
                return both(
                        first.enter(runId, name, runbook, params, stopped),
                        () -> next.enter(runId, name, runbook, params, stopped));
            }

            @Override
            public Held enterCell(
                    String runId,
                    String name,
                    Runbook runbook,
                    CodeCell cell,
                    Map<String, String> params,
                    BooleanSupplier stopped) {
                return both(
                        first.enterCell(runId, name, runbook, cell, params, stopped),
                        () -> next.enterCell(runId, name, runbook, cell, params, stopped));
            }

            @Override
            public String busy(String name, Runbook runbook, Map<String, String> params) {
                String why = first.busy(name, runbook, params);
                return why != null ? why : next.busy(name, runbook, params);
            }

            @Override
            public RunGuard covering(Set<String> keys) {
                return first.covering(keys).then(next.covering(keys));
            }

            @Override
            public RunGuard previewing() {
                return first.previewing().then(next.previewing());
            }
        };
    }

    private static Held both(Held held, Supplier<Held> then) {
        try {
            Held second = then.get();
            return () -> {
                try {
                    second.close();
                } finally {
                    held.close();
                }
            };
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** What a run holds until it ends. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        Held NONE = () -> {};

        @Override
        void close();
    }
}
