package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import java.util.HashSet;
import java.util.Set;

/**
 * How one {@link InstanceRun} waits for its locks ({@link FlowLocks}): no node starts before the instance holds the
 * locks its flow declares, and a node that declares locks of its own stays pending until it holds them. The waits
 * run on virtual threads and come back under the instance's lock; everything here is read and changed under it.
 */
final class LockWaits {

    private final InstanceRun run;
    private final FlowEngine engine;
    private final FlowLocks locks;
    /** Nodes waiting for their own locks: started once they hold them. */
    private final Set<String> waiting = new HashSet<>();
    /** False until the instance holds the locks its flow declares: no node starts before. */
    private boolean locked;

    LockWaits(InstanceRun run, FlowEngine engine, FlowLocks locks) {
        this.run = run;
        this.engine = engine;
        this.locks = locks;
        this.locked = !locks.declared();
    }

    /** The locks of {@code instance}; a called flow's callers' are covered already (asked when needed). */
    static FlowLocks flowLocks(FlowEngine engine, FlowDefinition def, FlowInstance instance) {
        String parent = instance.parentId();
        return new FlowLocks(
                engine.services(),
                def,
                instance.id(),
                instance.params(),
                () -> parent == null
                        ? Set.of()
                        : engine.live(parent)
                                .map(p -> p.covered(instance.parentNode()))
                                .orElse(Set.of()));
    }

    /** Whether the instance holds its flow's locks (or declares none): before, no node starts. */
    boolean locked() {
        return locked;
    }

    /** Whether node {@code id} waits for its own locks. */
    boolean waiting(String id) {
        return waiting.contains(id);
    }

    /**
     * Runs {@code then} once the instance holds its flow's locks: at once when it does (or declares none), else on a
     * virtual thread that waits in the lock queue (or is refused) first. Refused or unresolvable, the instance fails
     * naming the lock, nothing having run; stopped while waiting, it just ends stopped.
     */
    void whenLocked(Runnable then) {
        if (locked || !locks.instanceToTake()) {
            locked = true;
            then.run();
            return;
        }
        locks.takeInstanceThen(
                run::stopping,
                () -> {
                    synchronized (run) {
                        if (run.finished().isDone() || run.stopping()) {
                            locks.releaseAll();
                            return;
                        }
                        locked = true;
                        then.run();
                        run.refresh();
                    }
                },
                why -> {
                    synchronized (run) {
                        if (!run.finished().isDone() && !run.stopping()) {
                            Stopping.markNodes(run, why);
                            run.finish(FlowStatus.FAILED, null, why);
                        }
                    }
                });
    }

    /**
     * Takes the node's own locks on a virtual thread (it may wait in the queue), then starts it; refused, the node
     * fails naming the lock. The node stays pending meanwhile, so a stop skips it.
     */
    void lockThenStart(Node node, Outcome dead, String user) {
        waiting.add(node.id());
        locks.takeNodeThen(node.id(), run::stopping, why -> {
            synchronized (run) {
                waiting.remove(node.id());
                if (run.finished().isDone() || run.stopping()) {
                    locks.releaseNode(node.id());
                } else if (why != null) {
                    run.failStart(node.id(), user, engine.now(), why);
                } else {
                    run.start(node, dead, user);
                    run.refresh();
                }
            }
        });
    }
}
