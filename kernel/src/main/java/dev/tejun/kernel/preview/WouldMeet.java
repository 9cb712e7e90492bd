package dev.tejun.kernel.preview;

import dev.tejun.kernel.guard.locks.LockDeclaration;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunGuard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guard rails a real run would meet, for a preview (which itself is held by none of them): each lock it would
 * take, with who holds it now, and whether its maintenance windows are open. Nothing is taken; the answer is a look,
 * as true as the moment it was asked.
 */
public final class WouldMeet {

    /**
     * A lock the run would take.
     *
     * @param scope "run", "cell ID", "flow" or "node ID": how long it would be held
     * @param held  why it would wait or be refused now (the holder, or runs queued first); null when it is free
     */
    public record Lock(String name, String scope, String held) {}

    /** A target's windows now: {@code open}, else why not and the next time it may start (null: never). */
    public record Window(String target, boolean open, String reason, Instant nextAllowed) {}

    /** A target's windows at an instant (the folder's calendars): {@code TargetWindows::wouldMeet}. */
    @FunctionalInterface
    public interface Windows {
        Windows NONE = (target, now) -> List.of();

        /** Empty when the target names no window. */
        List<Window> at(String target, Instant now);
    }

    private WouldMeet() {}

    /**
     * The locks a run of {@code runbook} with {@code params} takes: its own, then each cell's. {@code guard} is the
     * sessions' guard {@link RunGuard#previewing() previewing}: its {@code busy} names the holder.
     */
    public static List<Lock> locks(RunGuard guard, String name, Runbook runbook, Map<String, String> params) {
        List<Lock> out = new ArrayList<>();
        LockDeclaration run = LockDeclaration.fromKeys(runbook.metadata().extra());
        out.addAll(locks(guard, name, run, "run", params));
        for (CodeCell cell : runbook.codeCells()) {
            out.addAll(locks(guard, name, LockDeclaration.ofCell(cell, run.policy()), "cell " + cell.id(), params));
        }
        return out;
    }

    /** The locks of one declaration (a flow's, a node's), each with its holder now. */
    public static List<Lock> locks(
            RunGuard guard, String name, LockDeclaration declared, String scope, Map<String, String> params) {
        List<Lock> out = new ArrayList<>();
        List<String> names;
        try {
            names = declared.resolve(params);
        } catch (IllegalArgumentException e) {
            return List.of(new Lock(String.join(", ", declared.templates()), scope, e.getMessage()));
        }
        for (String lock : names) {
            String held = guard.busy(
                    name, new LockDeclaration(List.of(lock), declared.policy(), List.of()).asRunbook(), Map.of());
            out.add(new Lock(lock, scope, held));
        }
        return out;
    }
}
