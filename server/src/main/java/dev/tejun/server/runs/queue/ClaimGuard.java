package dev.tejun.server.runs.queue;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunGuard;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks, before a queued run begins and before each of its cells, whether this server still holds the run. A server
 * that paused longer than its lease (a long GC, a frozen VM) was thought dead meanwhile: another server marked its
 * started runs interrupted, and somebody may have started them again. Waking up, it must not go on with them: the
 * next cell is refused, so the run ends failed with the reason, and the rest is skipped.
 */
final class ClaimGuard implements RunGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimGuard.class);

    private final BooleanSupplier held;

    /** @param held whether this server still holds the run (its queue row is started and claimed by it) */
    ClaimGuard(BooleanSupplier held) {
        this.held = held;
    }

    @Override
    public Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
        check(runId);
        return Held.NONE;
    }

    @Override
    public Held enterCell(
            String runId,
            String name,
            Runbook runbook,
            CodeCell cell,
            Map<String, String> params,
            BooleanSupplier stopped) {
        check(runId);
        return Held.NONE;
    }

    private void check(String runId) {
        boolean mine;
        try {
            mine = held.getAsBoolean();
        } catch (RuntimeException e) {
            // the database away a moment: the lease decides, and the next cell (or the worker's round) asks again
            LOG.warn("run {}: whether this server still holds it could not be read: {}", runId, e.toString());
            return;
        }
        if (!mine) {
            throw new IllegalStateException("run " + runId + " was taken back by the cluster while this server did"
                    + " not renew its lease (a pause longer than the lease): it runs no further cell here");
        }
    }
}
