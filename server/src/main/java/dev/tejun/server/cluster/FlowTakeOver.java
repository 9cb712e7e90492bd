package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowOwners;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow instances of a server that died (its lease ran out) or left (stopped cleanly), taken over by a living one:
 * when it joins and after every beat, this server claims each unfinished instance whose owner is not alive and
 * recovers it as a restart does (paused nodes stay paused, running nodes become interrupted and resumable). A live
 * server's instances are never taken. Instances with no owner (recorded before owners were, or by a {@code tejun run}
 * beside a server) are taken only as the server joins, as a restart took every instance before.
 */
public final class FlowTakeOver implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowTakeOver.class);

    private final ClusterNode node;
    private final ServerLeases leases;
    private final FlowOwners owners;
    private final FlowEngine engine;
    private final Clock clock = Clock.systemUTC();

    private FlowTakeOver(ClusterNode node, ServerLeases leases, FlowOwners owners, FlowEngine engine) {
        this.node = node;
        this.leases = leases;
        this.owners = owners;
        this.engine = engine;
    }

    /**
     * Makes {@code node} the owner of the instances {@code engine} starts from now on and of those it drives
     * already, takes over those of servers that are gone and, through {@code beat}, keeps doing so.
     */
    public static FlowTakeOver join(ClusterNode node, Database database, FlowEngine engine, ClusterHeartbeat beat) {
        FlowOwners owners = new FlowOwners(database);
        FlowTakeOver takeOver = new FlowTakeOver(node, new ServerLeases(database), owners, engine);
        engine.ownedBy(node.name());
        owners.adopt(engine.driven(), node.name());
        takeOver.takeOver(true);
        beat.also(takeOver);
        return takeOver;
    }

    /** One sweep: the instances of servers gone since the last one. */
    @Override
    public void run() {
        try {
            takeOver(false);
        } catch (RuntimeException e) {
            // the next beat tries again; an instance half taken over is claimed already and recovered by nobody else
            LOG.warn("taking over flow instances of servers that are gone failed: {}", e.toString());
        }
    }

    /** Takes over what is free; {@code joining} also takes instances with no owner. Returns their ids. */
    List<String> takeOver(boolean joining) {
        Map<String, String> owned = owners.unfinished();
        Set<String> alive = leases.list().stream()
                .filter(s -> s.alive(clock.instant()))
                .map(ServerLeases.Server::name)
                .collect(Collectors.toSet());
        String me = node.name();
        List<String> taken = engine.takeOver((FlowInstance fi) -> {
            if (!owned.containsKey(fi.id())) {
                return false; // finished or started since the owners were read
            }
            String owner = owned.get(fi.id());
            boolean free = owner == null ? joining : owner.equals(me) || !alive.contains(owner);
            return free && (me.equals(owner) || owners.claim(fi.id(), owner, me));
        });
        if (!taken.isEmpty()) {
            LOG.warn("{} took over flow instance(s) {} of servers that are gone", me, taken);
        }
        return taken;
    }
}
