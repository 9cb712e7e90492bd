package dev.tejun.server.auth;

import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.RefusalWindows;
import dev.tejun.server.audit.Via;
import java.time.Clock;
import java.time.Duration;

/**
 * Audits sign-ins refused by the {@link LoginThrottle} as one entry per client address per {@link #WINDOW}
 * instead of one per attempt, so a client hammering the sign-in cannot flood the log: the first refusal of a
 * window is written at once (the attack shows when it starts), and how many more followed in that window is
 * carried by the address's next entry ({@code "moreInWindowBefore"}; {@link RefusalWindows}).
 */
final class ThrottleAudit {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final AuditLog audit;
    private final RefusalWindows windows;

    ThrottleAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.windows = new RefusalWindows(WINDOW, clock);
    }

    void refused(String user, String address, String reason) {
        RefusalWindows.Opened opened = windows.count(address);
        if (opened != null) {
            audit.append(user, Via.WEB, "login", user, "throttled", address, windows.detail(reason, opened));
        }
    }
}
