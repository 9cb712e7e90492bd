package dev.tejun.server.git;

import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.RefusalWindows;
import dev.tejun.server.audit.Via;
import java.time.Clock;
import java.time.Duration;

/**
 * Refused push webhooks (no signature, a wrong one, no secret configured), per client address: audited once per
 * {@link #WINDOW} with the count of the window before, never once per call, so forged calls cannot flood the audit
 * log; past {@link #LIMIT} refusals in a window the address is answered 429 (slow down) instead of 401. A call with
 * the right signature is always let through, so a flood of forged calls never locks out the real Git host.
 */
final class WebhookRefusals {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Refusals of one address in a window after which it is told to slow down. */
    static final int LIMIT = 10;

    private final AuditLog audit;
    private final RefusalWindows windows;

    WebhookRefusals(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.windows = new RefusalWindows(WINDOW, clock);
    }

    /** Counts a refusal of {@code address}; audits it when it opens a window. True when the address is throttled. */
    boolean refused(String address, String reason) {
        RefusalWindows.Opened opened = windows.count(address);
        if (opened != null) {
            audit.append(
                    null,
                    Via.API,
                    "git.webhook",
                    "POST /api/git/webhook",
                    "refused",
                    address,
                    windows.detail(reason, opened));
        }
        return windows.inWindow(address) > LIMIT;
    }
}
