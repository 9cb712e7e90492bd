package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.Runbook;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Asked by a session before a run's first cell, with its params resolved: what the run must hold while it goes on
 * (the resource locks its front matter declares). It may wait (the run stays queued), refuse (it throws; the run
 * fails with the message) or let it go; what it hands back is closed when the run ends, however it ends.
 */
@FunctionalInterface
public interface RunGuard {

    RunGuard NONE = (runId, name, runbook, params, stopped) -> Held.NONE;

    /**
     * @param stopped true once the run was stopped while it waits: give up then
     * @throws IllegalStateException to refuse the run, with the reason as message
     */
    Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped);

    /** This guard, then {@code next}; what both hold is let go in the reverse order. */
    default RunGuard then(RunGuard next) {
        return (runId, name, runbook, params, stopped) -> {
            Held first = enter(runId, name, runbook, params, stopped);
            try {
                Held second = next.enter(runId, name, runbook, params, stopped);
                return () -> {
                    try {
                        second.close();
                    } finally {
                        first.close();
                    }
                };
            } catch (RuntimeException e) {
                first.close();
                throw e;
            }
        };
    }

    /** What a run holds until it ends. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        Held NONE = () -> {};

        @Override
        void close();
    }
}
