package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.guard.locks.LockDeclaration;
import dev.tejun.kernel.session.RunGuard;
import dev.tejun.kernel.session.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The resource locks of one flow instance (issue 23): those its top level declares ({@code locks:}), held from before
 * its first node until it ends however it ends, and those a node declares, held while that node runs. They are taken
 * through the sessions' {@link RunGuard} as a runbook's are, so the same lock table, queue, lease and
 * {@code lock-policy} apply, across servers on PostgreSQL. The instance's lock owner is {@code flow-ID}, a node's
 * {@code flow-ID#NODE}; a lease the holder stops renewing (its server died) passes the locks on.
 *
 * <p>What the instance and a node hold is covered for everything started inside them (the node's runbook runs,
 * called flows), so a runbook that declares its flow's lock does not wait for its own flow.
 */
final class FlowLocks {

    private final Session.Services base;
    private final FlowDefinition def;
    private final String owner;
    private final Map<String, String> params;
    /** The locks the callers hold already (a called flow's caller instance and call node), asked when needed. */
    private final Supplier<Set<String>> inherited;

    private final Map<String, RunGuard.Held> nodes = new ConcurrentHashMap<>();
    private volatile RunGuard.Held instance;

    FlowLocks(
            Session.Services base,
            FlowDefinition def,
            String instanceId,
            Map<String, String> params,
            Supplier<Set<String>> inherited) {
        this.base = base;
        this.def = def;
        this.owner = "flow-" + instanceId;
        this.params = Map.copyOf(params);
        this.inherited = inherited;
    }

    /** Whether the flow's top level declares locks (held or not). */
    boolean declared() {
        return declared(def).any();
    }

    /** Whether the instance declares locks of its own that it does not hold yet. */
    boolean instanceToTake() {
        return instance == null && !keys(declared(def)).isEmpty();
    }

    /**
     * On a virtual thread, takes the instance's locks, waiting in the queue or refusing per {@code lock-policy}, then
     * calls {@code taken}, or {@code refused} with why not (refused, stopped while waiting, a name that does not
     * resolve).
     */
    void takeInstanceThen(BooleanSupplier stopped, Runnable taken, Consumer<String> refused) {
        Thread.ofVirtual().name(owner + "-locks").start(() -> {
            try {
                RunGuard.Held held = guard(inherited.get())
                        .enter(owner, def.name(), declared(def).asRunbook(), params, stopped);
                synchronized (this) {
                    instance = held;
                }
            } catch (RuntimeException e) {
                refused.accept(e.getMessage());
                return;
            }
            taken.run();
        });
    }

    /** Whether node {@code id} declares locks beyond those the instance holds. */
    boolean nodeToTake(String id) {
        return !nodes.containsKey(id) && !keys(declared(def, id)).isEmpty();
    }

    /**
     * Takes node {@code id}'s own locks (owner {@code flow-ID#NODE}) as {@link #takeInstanceThen} does, then calls
     * {@code then} with null, or with why not.
     */
    void takeNodeThen(String id, BooleanSupplier stopped, Consumer<String> then) {
        Thread.ofVirtual().name(owner + "#" + id + "-locks").start(() -> {
            try {
                String name = def.name() + " node " + id;
                nodes.put(
                        id,
                        guard(covered(null))
                                .enter(owner + "#" + id, name, declared(def, id).asRunbook(), params, stopped));
            } catch (RuntimeException e) {
                then.accept(e.getMessage());
                return;
            }
            then.accept(null);
        });
    }

    /** Lets go of node {@code id}'s own locks, if it holds any (it settled). */
    void releaseNode(String id) {
        RunGuard.Held held = nodes.remove(id);
        if (held != null) {
            held.close();
        }
    }

    /** Lets go of everything (the instance ended). */
    synchronized void releaseAll() {
        new ArrayList<>(nodes.keySet()).forEach(this::releaseNode);
        if (instance != null) {
            instance.close();
        }
        instance = RunGuard.Held.NONE;
    }

    /**
     * The services for what node {@code nodeId} starts: their guard does not take again what the instance, the
     * node and the callers hold.
     */
    Session.Services services(String nodeId) {
        return base.with(guard(covered(nodeId)));
    }

    /** What a flow called from node {@code nodeId} inherits: everything this instance and the node hold. */
    Set<String> covered(String nodeId) {
        Set<String> out = new HashSet<>(inherited.get());
        out.addAll(resolved(declared(def)));
        if (nodeId != null) {
            out.addAll(resolved(declared(def, nodeId)));
        }
        return out;
    }

    private RunGuard guard(Set<String> covered) {
        return base.guard().covering(covered);
    }

    private List<String> keys(LockDeclaration d) {
        List<String> out = new ArrayList<>(resolved(d));
        out.removeAll(inherited.get());
        return out;
    }

    /** The names with params put in; a name that does not resolve is left to the guard, which fails with it. */
    private List<String> resolved(LockDeclaration d) {
        try {
            return d.resolve(params);
        } catch (IllegalArgumentException e) {
            return d.templates();
        }
    }

    /** What the flow's top level says about locks: held by the whole instance, and the policy of every lock. */
    static LockDeclaration declared(FlowDefinition def) {
        return LockDeclaration.fromKeys(def.metadata().extra());
    }

    /** The locks node {@code id} holds while it runs (none declared: none), with the flow's policy. */
    static LockDeclaration declared(FlowDefinition def, String id) {
        return new LockDeclaration(
                def.nodeLocks().getOrDefault(id, List.of()), declared(def).policy(), List.of());
    }
}
