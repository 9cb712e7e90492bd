package dev.tejun.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the audit log for the notifier. In one transaction it reads the entries after the saved position, writes a
 * pending delivery for each notice and each subscription it matches, and saves the position at the last entry read;
 * only then are the new deliveries handed on to be sent. A server killed at any point therefore goes on at its next
 * start from the last entry whose deliveries were written: no notice is lost and none is made twice. Each delivery's
 * id is made from the audit entry and the subscription, so it is the same whoever makes it, and it travels with every
 * try ({@code X-Tejun-Delivery}) for the receiver to drop a repeat.
 *
 * <p>It reads when an append of this server wakes it, and at least every second for entries other processes wrote
 * (another server on the same PostgreSQL, a {@code tejun run} beside the server); two servers take the position's
 * lock in turn, so each entry's deliveries are written by one of them.
 */
final class NoticeFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeFollower.class);
    static final String NAME = "notices";
    private static final int BATCH = 200;
    private static final Duration POLL = Duration.ofSeconds(1);

    /** A delivery just written, to be sent. */
    record Made(String id, Subscriptions.Subscription subscription, Notice notice) {}

    private final Database db;
    private final AuditLog audit;
    private final AuditEvents events;
    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final Clock clock;
    private final boolean deliver;
    private final Consumer<Made> send;
    private final AuditPosition position;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    /** @param deliver false when no channel is configured: the position moves on and nothing is written */
    NoticeFollower(
            Database db,
            AuditLog audit,
            AuditEvents events,
            Subscriptions subscriptions,
            Deliveries deliveries,
            ObjectMapper json,
            Clock clock,
            boolean deliver,
            Consumer<Made> send) {
        this.db = db;
        this.audit = audit;
        this.events = events;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
        this.deliver = deliver;
        this.send = send;
        this.position = new AuditPosition(db, NAME);
    }

    /**
     * Starts following. The first start on a database (or the first since notices followed the log) begins after
     * the newest entry: what was audited before is history, not news.
     */
    void start() {
        db.write(c -> {
            db.lockFor("notify_position");
            if (position.saved().isEmpty()) {
                position.save(position.newest());
            }
            return null;
        });
        thread = Thread.ofVirtual().name("notify-follower").start(this::follow);
    }

    /** Entries were appended: read them now rather than at the next poll. */
    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void follow() {
        while (!closed) {
            try {
                // until the server listens, its links cannot be made: the entries wait for the next look
                while (!closed && (!deliver || events.linkable()) && step() == BATCH) {
                    // a backlog (a long stop): read on at once
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("could not read the audit log for notifications; trying again", e);
                }
            }
            try {
                wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Turns the next entries after the saved position into deliveries and sends them; answers how many it read. */
    int step() {
        if (position.saved().orElse(0) >= position.newest()) {
            return 0; // nothing new: no write transaction
        }
        List<Made> made = new ArrayList<>();
        int read = db.write(c -> {
            made.clear(); // a transaction tried again starts again
            db.lockFor("notify_position"); // another server's follower waits, then sees the position moved
            List<AuditEntry> entries = audit.after(position.saved().orElse(0), BATCH);
            if (entries.isEmpty()) {
                return 0;
            }
            List<Subscriptions.Subscription> subs = deliver ? subscriptions.list() : List.of();
            Instant now = clock.instant();
            for (AuditEntry e : entries) {
                Optional<Notice> n = subs.isEmpty() ? Optional.empty() : events.of(e);
                if (n.isPresent()) {
                    made.addAll(write(e, n.get(), subs, now));
                }
            }
            position.save(entries.getLast().id());
            return entries.size();
        });
        made.forEach(send);
        return read;
    }

    private List<Made> write(AuditEntry e, Notice n, List<Subscriptions.Subscription> subs, Instant now) {
        List<Made> out = new ArrayList<>();
        String notice;
        try {
            notice = json.writeValueAsString(n);
        } catch (JsonProcessingException bad) {
            throw new UncheckedIOException(bad);
        }
        for (Subscriptions.Subscription s : subs) {
            if (s.matches(n)) {
                String id = deliveryId(e.id(), s.id());
                if (deliveries.pending(id, s.id(), s.channel(), n, notice, now)) {
                    out.add(new Made(id, s, n));
                }
            }
        }
        return out;
    }

    /** The id of the delivery of audit entry {@code auditId} to subscription {@code subscription}: always the same. */
    static String deliveryId(long auditId, String subscription) {
        return UUID.nameUUIDFromBytes(("tejun-notice/" + auditId + "/" + subscription).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
