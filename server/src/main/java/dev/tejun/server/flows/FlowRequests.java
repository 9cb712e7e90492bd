package dev.tejun.server.flows;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.kernel.flow.Actor;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approvals and stops that reach a flow instance wherever it runs (issue 19). On a shared (PostgreSQL) database an
 * instance is driven by the one server that started or recovered it; a request through another server is left in
 * {@code flow_requests} with a wake-up (NOTIFY), and the driving server, which looks when woken and every
 * {@link #FALLBACK} (a request made before it took the instance over, a wake-up lost), takes the row and applies it
 * through its engine as if asked itself. The asking server has checked the roles (the stored definition says who
 * may approve) and audited the request; the decision goes into the instance's journal, as any other. On SQLite one
 * server drives every instance and nothing is forwarded.
 */
final class FlowRequests implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRequests.class);

    /** A request no server took in this long names an instance nobody drives (its server died): it is dropped. */
    static final Duration GIVE_UP = Duration.ofMinutes(10);

    /** How often a watcher that is not woken looks anyway: a request from before a take-over, a missed wake-up. */
    static final Duration FALLBACK = Duration.ofSeconds(5);

    private static final Duration DROP_AFTER = Duration.ofMinutes(1);
    private static final String CHANNEL = "flow_requests";

    /** What a request asks of the instance. */
    enum Action {
        APPROVE,
        REJECT,
        EMERGENCY_STOP,
        STOP,
        RESUME
    }

    private record Request(long id, String instanceId, Action action, String nodeId, Actor actor, String comment) {}

    private final Database db;
    private final FlowEngine engine;
    private final Clock clock;
    private final Wakeups.Signal asked;
    private final Thread thread;

    private FlowRequests(Database db, FlowEngine engine, Clock clock) {
        this.db = db;
        this.engine = engine;
        this.clock = clock;
        this.asked = db.wakeups().signal(CHANNEL);
        this.thread = Thread.ofVirtual().name("flow-requests").start(this::watch);
    }

    /** Null on SQLite, where nothing is forwarded. */
    static FlowRequests over(Database db, FlowEngine engine, Clock clock) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return null;
        }
        db.migrate(ServerSchema.SCHEMA);
        return new FlowRequests(db, engine, clock);
    }

    /** Leaves the request for the server that drives the instance. */
    void forward(String instanceId, Action action, String nodeId, Actor actor, String comment) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flow_requests"
                    + " (instance_id, action, node_id, user_name, via, comment, requested_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, instanceId);
                ps.setString(2, action.name());
                ps.setString(3, nodeId);
                ps.setString(4, actor.user());
                ps.setString(5, actor.via());
                ps.setString(6, comment);
                ps.setLong(7, clock.millis());
                ps.executeUpdate();
            }
            db.wakeups().send(c, CHANNEL); // the driving server looks at once
            return null;
        });
    }

    private void watch() {
        // woken by a NOTIFY from any server (only PostgreSQL has FlowRequests); a poll stays as the fallback
        long dropEvery = DROP_AFTER.toMillis() / FALLBACK.toMillis();
        for (long polls = 1; !Thread.currentThread().isInterrupted(); polls++) {
            try {
                for (Request r : pending()) {
                    if (engine.drives(r.instanceId()) && take(r.id())) {
                        apply(r);
                    }
                }
                if (polls % dropEvery == 0) {
                    dropStale();
                }
                asked.await(FALLBACK);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot look for flow requests made through other servers", e);
            }
        }
    }

    private List<Request> pending() {
        return db.read(c -> {
            List<Request> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, instance_id, action, node_id, user_name, via,"
                            + " comment FROM flow_requests ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(
                            rs.getLong(1),
                            rs.getString(2),
                            Action.valueOf(rs.getString(3)),
                            rs.getString(4),
                            new Actor(rs.getString(5), rs.getString(6)),
                            rs.getString(7)));
                }
            }
            return out;
        });
    }

    /** Deletes the row; true when this server deleted it, so two servers never apply one request. */
    private boolean take(long id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM flow_requests WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private void apply(Request r) {
        try {
            switch (r.action()) {
                case APPROVE -> engine.approve(r.instanceId(), r.nodeId(), r.actor(), r.comment());
                case REJECT -> engine.reject(r.instanceId(), r.nodeId(), r.actor(), r.comment());
                case EMERGENCY_STOP -> engine.emergencyStop(r.instanceId(), r.actor());
                case STOP -> engine.stop(r.instanceId(), r.actor());
                case RESUME -> engine.resume(r.instanceId(), r.actor());
            }
            LOG.info(
                    "{} of flow instance {} by {} through another server applied",
                    r.action(),
                    r.instanceId(),
                    r.actor().user());
        } catch (RuntimeException e) {
            // decided meanwhile here, or the node is no longer paused: as a 409 would have said to the asker
            LOG.warn(
                    "{} of flow instance {} by {} through another server not applied: {}",
                    r.action(),
                    r.instanceId(),
                    r.actor().user(),
                    e.getMessage());
        }
    }

    private void dropStale() {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM flow_requests WHERE requested_at < ?")) {
                ps.setLong(1, clock.millis() - GIVE_UP.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
