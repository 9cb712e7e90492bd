package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns audited events into deliveries: each notice goes to every subscription it matches, as a pending row written
 * with the audit position it was read at ({@link NoticeFollower}), and is sent on a virtual thread; a failed send is tried again after a wait that doubles each time, up to {@code
 * notify.attempts} tries, and the row ends sent or failed with the last reason. Nothing here runs on the thread that
 * reported the event, so a slow or dead channel never holds up a run. A pending row keeps its notice, so a restarted
 * server goes on with what the last one left ({@link #resumeLeft}). Each try first takes the row (pending, with the
 * tries counted so far, becomes sending), so of two servers that could go on with one delivery one sends it; a send
 * cut off by a hard stop is sent again by the next start (the receiver tells the two apart by the delivery id).
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final Map<String, Channel> channels;
    private final NoticeFollower follower;
    private final Clock clock;
    private final int attempts;
    private final Duration firstWait;
    private final ObjectMapper json;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notify-retries");
        t.setDaemon(true);
        return t;
    });

    Notifier(
            Database db,
            AuditLog audit,
            Map<String, Channel> channels,
            AuditEvents events,
            Clock clock,
            int attempts,
            Duration firstWait,
            ObjectMapper json,
            String self) {
        this.json = json;
        this.subscriptions = new Subscriptions(db);
        this.deliveries = new Deliveries(db, self);
        this.channels = Map.copyOf(channels);
        this.follower = new NoticeFollower(
                db,
                audit,
                events,
                subscriptions,
                deliveries,
                json,
                clock,
                !this.channels.isEmpty(),
                made -> send(made.id(), made.subscription(), made.notice()));
        this.clock = clock;
        this.attempts = Math.max(1, attempts);
        this.firstWait = firstWait;
    }

    /** Checks the channels {@code notify.*} configures, as a start would: for {@code tejun config check}. */
    public static void checkChannels(Settings s) throws ConfigError {
        Channels.from(s, Json.MAPPER, name -> {
            throw new IllegalStateException("a check reveals no credential");
        });
    }

    /**
     * As {@code notify.*} configures it; {@code base} gives the server's address for links once it is known.
     *
     * @throws ConfigError a channel's setting that is wrong (a secret file that cannot be read, …)
     */
    public static Notifier from(
            Settings s,
            Database db,
            AuditLog audit,
            ObjectMapper json,
            Clock clock,
            Supplier<String> base,
            UnaryOperator<String> credentials,
            String self)
            throws ConfigError {
        Notifier n = new Notifier(
                db,
                audit,
                Channels.from(s, json, credentials),
                new AuditEvents(json, base),
                clock,
                Integer.parseInt(s.text(Key.NOTIFY_ATTEMPTS)),
                Duration.ofSeconds(Long.parseLong(s.text(Key.NOTIFY_RETRY_SECONDS))),
                json,
                self);
        n.resumeLeft();
        n.follower.start();
        if (db.dialect() == dev.tejun.cmdb.db.Dialect.POSTGRESQL) {
            // sends cut off by another server's death are taken over once its lease passed
            n.timer.scheduleWithFixedDelay(n::resumeCutOff, 2, 2, TimeUnit.SECONDS);
        }
        return n;
    }

    /** Goes on with the sends another server of the cluster took and did not finish before it died. */
    private void resumeCutOff() {
        try {
            List<Deliveries.Left> cut = deliveries.cutOff(clock.instant());
            if (cut.isEmpty()) {
                return;
            }
            Map<String, Subscriptions.Subscription> byId = new java.util.HashMap<>();
            subscriptions.list().forEach(s -> byId.put(s.id(), s));
            for (Deliveries.Left left : cut) {
                resume(left, byId.get(left.subscription()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not go on with the notifications a server that died was sending", e);
        }
    }

    /**
     * Goes on with the deliveries a stopped server left pending: each is tried again when its backoff says (at once
     * if that passed during the stop), counting the tries already made. A row without its notice (written before
     * deliveries kept it) or whose subscription is gone is recorded failed with why.
     */
    void resumeLeft() {
        try {
            Map<String, Subscriptions.Subscription> byId = new java.util.HashMap<>();
            subscriptions.list().forEach(s -> byId.put(s.id(), s));
            for (Deliveries.Left left : deliveries.leftPending(clock.instant())) {
                resume(left, byId.get(left.subscription()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not go on with the notifications the last server left pending", e);
        }
    }

    private void resume(Deliveries.Left left, Subscriptions.Subscription s) {
        java.time.Instant now = clock.instant();
        String why = left.notice() == null
                ? "the server stopped before it was sent"
                : s == null ? "the server stopped before it was sent, and its subscription is gone" : null;
        if (why != null) {
            deliveries.tried(left.id(), Deliveries.FAILED, left.attempts(), why, now);
            return;
        }
        Notice n;
        try {
            n = json.readValue(left.notice(), Notice.class);
        } catch (java.io.IOException e) {
            deliveries.tried(
                    left.id(), Deliveries.FAILED, left.attempts(), "unreadable notice: " + e.getMessage(), now);
            return;
        }
        if (!deliveries.claim(left, now)) {
            return; // another server starting on the same database took it
        }
        long wait = 0;
        if (left.attempts() > 0 && left.status().equals(Deliveries.PENDING)) {
            java.time.Instant due = java.time.Instant.parse(left.updatedAt()).plusMillis(backoff(left.attempts()));
            wait = Math.max(0, Duration.between(now, due).toMillis());
        }
        int next = left.attempts() + 1;
        timer.schedule(() -> work.execute(() -> attempt(left.id(), s, n, next)), wait, TimeUnit.MILLISECONDS);
    }

    /** How long to wait after try {@code attempt} failed: the first wait, doubled for each try after the first. */
    private long backoff(int attempt) {
        return firstWait.toMillis() << Math.min(attempt - 1, 16);
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    /** The names of the configured channels. */
    public Set<String> channels() {
        return channels.keySet();
    }

    /** Whether a subscription to {@code channel} needs an address; throws for a channel that is not configured. */
    boolean needsAddress(String channel) {
        Channel c = channels.get(channel);
        if (c == null) {
            throw new IllegalArgumentException("no channel '" + channel + "' is configured (configured: "
                    + (channels.isEmpty()
                            ? "none, see notify.* in tejun.yaml"
                            : String.join(", ", new java.util.TreeSet<>(channels.keySet())))
                    + ")");
        }
        return c.needsAddress();
    }

    /** Entries were just written to the audit log: the notices among them are read from there at once. */
    public void audited(List<AuditEntry> entries) {
        follower.wake();
    }

    private void send(String id, Subscriptions.Subscription s, Notice n) {
        try {
            work.execute(() -> attempt(id, s, n, 1));
        } catch (RuntimeException stopping) {
            // the server is closing: the delivery stays pending and the next start sends it (resumeLeft)
        }
    }

    private void attempt(String id, Subscriptions.Subscription s, Notice n, int attempt) {
        Channel c = channels.get(s.channel());
        if (c == null) {
            deliveries.tried(
                    id, Deliveries.FAILED, attempt, "channel " + s.channel() + " is not configured", clock.instant());
            return;
        }
        if (!deliveries.take(id, attempt - 1, clock.instant())) {
            return; // another server, starting on the same database, went on with it
        }
        try {
            c.send(n, s.address(), id);
            deliveries.tried(id, Deliveries.SENT, attempt, null, clock.instant());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason =
                    e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean again = attempt < attempts;
            // a try cut off by the server stopping stays pending: the next start goes on with it (resumeLeft)
            deliveries.tried(id, again ? Deliveries.PENDING : Deliveries.FAILED, attempt, reason, clock.instant());
            if (again && !work.isShutdown()) {
                long wait = backoff(attempt);
                timer.schedule(() -> work.execute(() -> attempt(id, s, n, attempt + 1)), wait, TimeUnit.MILLISECONDS);
            } else if (!again) {
                LOG.warn(
                        "notification {} to {} failed after {} tries: {}",
                        n.kind().wire(),
                        s.channel(),
                        attempt,
                        reason);
            }
        }
    }

    @Override
    public void close() {
        follower.close();
        timer.shutdownNow();
        work.shutdownNow();
    }
}
