package dev.tejun.server.auth;

import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits sign-ins refused by the {@link LoginThrottle} as one entry per client address per {@link #WINDOW}
 * instead of one per attempt, so a client hammering the sign-in cannot flood the log: the first refusal of a
 * window is written at once (the attack shows when it starts), and how many more followed in that window is
 * carried by the address's next entry ({@code "moreInWindowBefore"}).
 */
final class ThrottleAudit {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many addresses, windows that ended are dropped, so the map cannot grow without bound. */
    private static final int PRUNE_AT = 10_000;

    private record Window(Instant start, int more) {}

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ThrottleAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void refused(String user, String address, String reason) {
        Instant now = clock.instant();
        Window[] ended = new Window[1];
        boolean[] opened = new boolean[1];
        windows.compute(String.valueOf(address), (a, w) -> {
            if (w == null || !now.isBefore(w.start().plus(WINDOW))) {
                ended[0] = w;
                opened[0] = true;
                return new Window(now, 0);
            }
            return new Window(w.start(), w.more() + 1);
        });
        if (!opened[0]) {
            return;
        }
        String detail = "{\"reason\":" + Json.quoted(reason) + ",\"windowSeconds\":" + WINDOW.toSeconds()
                + (ended[0] != null && ended[0].more() > 0
                        ? ",\"moreInWindowBefore\":" + ended[0].more() + ",\"windowBeforeStarted\":\""
                                + ended[0].start() + "\""
                        : "")
                + "}";
        audit.append(user, Via.WEB, "login", user, "throttled", address, detail);
        if (windows.size() > PRUNE_AT) {
            windows.entrySet()
                    .removeIf(e -> !now.isBefore(e.getValue().start().plus(WINDOW))
                            && e.getValue().more() == 0);
        }
    }
}
