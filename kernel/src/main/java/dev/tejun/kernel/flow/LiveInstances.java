package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The flow instances a {@link FlowEngine} knows: those it drives now (live, in memory) and those its store holds,
 * with what reads them and the listeners that hear of every change. The engine's commands (start, approve, stop,
 * resume, take over) are {@link FlowEngine}'s, the one class callers see.
 */
abstract sealed class LiveInstances permits FlowEngine {

    private static final System.Logger LOG = System.getLogger(FlowEngine.class.getName());

    final FlowStore store;
    final Clock clock;
    final Map<String, InstanceRun> live = new ConcurrentHashMap<>();
    final List<FlowListener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean closing;

    LiveInstances(FlowStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Every instance with its nodes, newest first; unfinished ones as they are now. */
    public List<FlowInstance> list() {
        List<FlowInstance> out = new ArrayList<>();
        for (FlowInstance stored : store.list()) {
            InstanceRun run = live.get(stored.id());
            out.add(run == null ? stored : run.snapshot());
        }
        return out;
    }

    /**
     * Whether this engine drives the instance now (started or recovered it, and it has not ended); another server
     * sharing the store may drive one this engine only reads.
     */
    public boolean drives(String instanceId) {
        return live.containsKey(instanceId);
    }

    public Optional<FlowInstance> get(String instanceId) {
        InstanceRun run = live.get(instanceId);
        return run != null ? Optional.of(run.snapshot()) : store.get(instanceId);
    }

    /** The ids of the instances this engine drives now. */
    public Set<String> driven() {
        return Set.copyOf(live.keySet());
    }

    /** Waits until the instance has finished, up to {@code timeout}; returns it as it is then. */
    public FlowInstance await(String instanceId, Duration timeout) throws InterruptedException {
        InstanceRun run = live.get(instanceId);
        if (run != null) {
            try {
                return run.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return run.snapshot();
            }
        }
        return store.get(instanceId).orElseThrow(() -> new IllegalArgumentException("no flow instance " + instanceId));
    }

    /**
     * The instance as it is now with the flow text it was started from and its history, for evidence bundles and
     * reports; empty for an unknown id.
     */
    public Optional<FlowRecord> record(String instanceId) {
        return FlowRecord.of(instanceId, this::get, store, 0);
    }

    /**
     * The role a paused node of the instance asks for ({@code approver:} in the flow file, else {@code approver});
     * empty when the instance or the node is unknown or the node is no pause.
     */
    public Optional<String> approverRole(String instanceId, String nodeId) {
        return storedDefinition(instanceId)
                .flatMap(def -> def.node(nodeId))
                .filter(n -> n instanceof Node.PauseNode)
                .map(n -> ((Node.PauseNode) n).approverRole());
    }

    /** Whether the instance's flow asks for four eyes ({@code approver-not-starter: true}); false when unknown. */
    public boolean approverNotStarter(String instanceId) {
        return storedDefinition(instanceId)
                .map(FlowDefinition::approverNotStarter)
                .orElse(false);
    }

    /** The definition an instance was started from; empty when unknown or no longer valid. */
    private Optional<FlowDefinition> storedDefinition(String instanceId) {
        return store.definition(instanceId)
                .flatMap(text -> get(instanceId)
                        .map(fi -> FlowParser.parse(fi.flow(), text).definition()))
                .filter(def -> def != null);
    }

    /** Calls {@code listener} for every change from now on; closing the handle stops it. */
    public AutoCloseable subscribe(FlowListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    FlowStore store() {
        return store;
    }

    Instant now() {
        return clock.instant();
    }

    boolean closing() {
        return closing;
    }

    Optional<InstanceRun> live(String instanceId) {
        return Optional.ofNullable(live.get(instanceId));
    }

    void ended(InstanceRun run) {
        live.remove(run.id());
    }

    void announce(FlowChange change) {
        for (FlowListener l : listeners) {
            try {
                l.changed(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "flow listener failed", e);
            }
        }
    }

    /** The instance this engine drives; refused when unknown or already ended. */
    InstanceRun run(String instanceId) {
        InstanceRun run = live.get(instanceId);
        if (run != null) {
            return run;
        }
        FlowInstance stored =
                store.get(instanceId).orElseThrow(() -> new IllegalArgumentException("no flow instance " + instanceId));
        throw new IllegalStateException("flow instance " + instanceId + " has already ended ("
                + stored.status().key() + ")");
    }
}
