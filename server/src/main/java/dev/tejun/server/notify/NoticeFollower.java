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
 * only then are the new deliveries handed on to be sent (entries that are no notice to anyone need no write:
 * {@link #step}). A server killed at any point therefore goes on at its next
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
    /**
     * After a wake-up, how long entries gather before they are read: under load every run appends entries, and a
     * read for each append batch cost ~2 % of the server's CPU at 500 cells/s (bench/NOTES.md); a notice waits for
     * this at most once.
     */
    private static final Duration GATHER = Duration.ofMillis(50);
    /** How many entries that make no delivery the position passes in memory before it is saved anyway. */
    private static final int SAVE_EVERY = 1000;

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
    /** The last entry read that made no delivery: read on from there (the follower's thread only). */
    private long passed;
    /** The position this follower last saved or found saved. */
    private long savedAt;

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
        savedAt = position.saved().orElse(0);
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
                if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(GATHER);
                }
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Turns the next entries after the position into deliveries and sends them; answers how many it read. Most
     * entries are no notice to anyone (a request, a run's start): those are read without a write, and the position
     * passes them in memory, saved with the next deliveries or every {@link #SAVE_EVERY} entries. Entries read again
     * after a crash that make no delivery make none again, so only the ones that do must move the saved position, and
     * they move it in their own transaction. The audit log's writers thus pay nothing for the notifications.
     */
    int step() {
        long[] savedAndNewest = position.savedAndNewest();
        long from = Math.max(savedAndNewest[0], passed);
        long newest = savedAndNewest[1];
        if (from >= newest) {
            return 0;
        }
        List<Subscriptions.Subscription> subs = deliver ? subscriptions.list() : List.of();
        // with no subscription no entry up to the newest can make a delivery: they pass unread (read, each would be
        // matched against nothing), so a server nobody subscribed to does not read back every entry it audits
        List<AuditEntry> entries = subs.isEmpty() ? List.of() : audit.after(from, BATCH);
        if (!subs.isEmpty() && entries.isEmpty()) {
            return 0;
        }
        boolean any = entries.stream()
                .anyMatch(e -> events.of(e).filter(n -> matchesAny(n, subs)).isPresent());
        long last = subs.isEmpty() ? newest : entries.getLast().id();
        if (!any) {
            passed = last;
            if (last - savedAt >= SAVE_EVERY) {
                db.write(c -> {
                    db.lockFor("notify_position");
                    if (position.saved().orElse(0) < last) {
                        position.save(last);
                    }
                    return null;
                });
                savedAt = last;
            }
            return subs.isEmpty() ? 0 : entries.size();
        }
        List<Made> made = new ArrayList<>();
        int read = db.write(c -> {
            made.clear(); // a transaction tried again starts again
            db.lockFor("notify_position"); // another server's follower waits, then sees the position moved
            List<AuditEntry> again = audit.after(Math.max(position.saved().orElse(0), from), BATCH);
            if (again.isEmpty()) {
                return 0;
            }
            List<Subscriptions.Subscription> now = subscriptions.list();
            Instant at = clock.instant();
            for (AuditEntry e : again) {
                Optional<Notice> n = events.of(e);
                if (n.isPresent()) {
                    made.addAll(write(e, n.get(), now, at));
                }
            }
            position.save(again.getLast().id());
            return again.size();
        });
        made.forEach(send);
        passed = Math.max(passed, position.saved().orElse(0));
        savedAt = passed;
        return read;
    }

    private static boolean matchesAny(Notice n, List<Subscriptions.Subscription> subs) {
        return subs.stream().anyMatch(s -> s.matches(n));
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
