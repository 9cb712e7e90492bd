package dev.tejun.server.guard.locks;

import dev.tejun.kernel.guard.locks.LockTable;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/locks}: the locks held now and the runs queued for them, each with its place (1 is next), across
 * every process on the database; {@code ?run=ID} narrows both to one run, which is how a client shows a queued run's
 * position.
 */
public final class LocksHandler {

    /** The answer. */
    public record Locks(List<LockTable.Holder> held, List<LockTable.Waiter> waiting) {}

    private final LockTable table;
    private final Clock clock;

    public LocksHandler(LockTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public void list(Context ctx) {
        String run = ctx.queryParam("run");
        List<LockTable.Holder> held = table.holders(clock.instant());
        List<LockTable.Waiter> waiting = table.waiters(clock.instant());
        if (run != null && !run.isBlank()) {
            held = held.stream().filter(h -> h.runId().equals(run)).toList();
            waiting = waiting.stream().filter(w -> w.runId().equals(run)).toList();
        }
        ctx.json(new Locks(held, waiting));
    }
}
