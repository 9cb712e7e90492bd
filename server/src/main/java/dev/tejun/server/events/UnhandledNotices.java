package dev.tejun.server.events;

import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells that events landed in the unhandled queue (no rule matched them), through the audit log that notifications
 * read ({@code events.unhandled}, told as {@code event.unhandled}): at most one entry per source a minute, so a
 * flood of unknown events makes a few notices, not one each — the first of a minute at once, with how many more
 * came since the source's last entry.
 */
final class UnhandledNotices {

    static final Duration EVERY = Duration.ofMinutes(1);

    private record Told(Instant at, int since) {}

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Told> bySource = new HashMap<>();

    UnhandledNotices(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** Event {@code eventId} from {@code source} matched no rule. */
    void unhandled(long eventId, String source, String alertName) {
        Instant now = clock.instant();
        int more;
        synchronized (this) {
            Told last = bySource.get(source);
            if (last != null && now.isBefore(last.at().plus(EVERY))) {
                bySource.put(source, new Told(last.at(), last.since() + 1));
                return;
            }
            more = last == null ? 0 : last.since();
            bySource.put(source, new Told(now, 0));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", eventId);
        detail.put("alertname", alertName);
        detail.put("more", more);
        audit.append(null, Via.EVENTS, "events.unhandled", source, "unhandled", null, Json.quoted(detail));
    }
}
