package dev.tejun.server.events.sources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds what refused posts to a source's endpoint cost the audit log. Nobody is signed in on that endpoint, so
 * without this every wrong credential, unknown source or oversized body from one client would be one more row, for
 * ever. Per client address (the one the trusted proxy names, see {@link dev.tejun.server.edge.Forwarding}) and per
 * interval of {@link #WINDOW}, the first {@link #BURST} refusals are audited one by one (an attack shows when it
 * starts, with its reasons); the rest are answered 429 and counted, and the count is written as one summary row once
 * the interval is over. Intervals are aligned to the clock, so one pass at each interval's end writes every summary.
 */
final class RefusalThrottle {

    static final int BURST = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** The largest body a source may post (Javalin's default request limit). */
    static final int MAX_BODY = 1_000_000;
    /**
     * Beyond this many addresses in one interval, further addresses share one count: spoofing many addresses (where
     * no proxy vouches for them) must not grow the map without bound either.
     */
    static final int MAX_ADDRESSES = 10_000;

    static final String OVERFLOW = "(more addresses)";

    private record Count(long interval, int refused, String lastReason) {}

    /** What to answer: the refusal's own status when it was audited, 429 when it was only counted. */
    record Answer(int status, long retryAfterSeconds) {}

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private long flushed = Long.MIN_VALUE;

    RefusalThrottle(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** A refused post from {@code address}: audited while within the burst, else only counted. */
    Answer refused(String address, String target, int status, String reason) {
        Instant now = clock.instant();
        long interval = interval(now);
        flush(interval);
        String key = counts.size() >= MAX_ADDRESSES && !counts.containsKey(address) ? OVERFLOW : address;
        Count c = counts.merge(
                key,
                new Count(interval, 1, reason),
                (was, one) -> new Count(interval, was.interval() == interval ? was.refused() + 1 : 1, reason));
        if (c.refused() <= BURST) {
            audit.append(
                    null,
                    Via.EVENTS,
                    "refused",
                    target,
                    String.valueOf(status),
                    address,
                    Json.object("reason", reason));
            return new Answer(status, 0);
        }
        long end = (interval + 1) * WINDOW.toSeconds();
        return new Answer(429, Math.max(1, end - now.getEpochSecond()));
    }

    /** Writes the summaries of intervals that are over; called on every post so they are not kept waiting. */
    void flush() {
        flush(interval(clock.instant()));
    }

    private static long interval(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), WINDOW.toSeconds());
    }

    private synchronized void flush(long current) {
        if (current <= flushed) {
            return;
        }
        flushed = current;
        for (Iterator<Map.Entry<String, Count>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Count> e = it.next();
            Count c = e.getValue();
            if (c.interval() >= current) {
                continue;
            }
            it.remove();
            if (c.refused() > BURST) {
                ObjectNode detail = Json.MAPPER
                        .createObjectNode()
                        .put("reason", "throttled: more than " + BURST + " refusals in the interval")
                        .put("refused", c.refused() - BURST)
                        .put(
                                "intervalStart",
                                Instant.ofEpochSecond(c.interval() * WINDOW.toSeconds())
                                        .toString())
                        .put("intervalSeconds", WINDOW.toSeconds())
                        .put("lastReason", c.lastReason());
                audit.append(
                        null, Via.EVENTS, "refused", "POST /api/events/in/*", "429", e.getKey(), Json.quoted(detail));
            }
        }
    }
}
