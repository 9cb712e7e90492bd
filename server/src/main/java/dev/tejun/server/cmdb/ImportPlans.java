package dev.tejun.server.cmdb;

import dev.tejun.cmdb.excel.ImportPlan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Upload previews kept between "preview" and "apply". A plan is used once, expires, and only the newest few are
 * kept, so uploads cannot fill the heap. Plan ids are random: knowing one is as good as having uploaded it.
 */
final class ImportPlans {

    static final Duration TTL = Duration.ofMinutes(30);
    static final int MAX_PLANS = 16;

    private record Held(ImportPlan plan, Instant at) {}

    private final Map<String, Held> plans = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    ImportPlans(Clock clock) {
        this.clock = clock;
    }

    synchronized String keep(ImportPlan plan) {
        expire();
        while (plans.size() >= MAX_PLANS) {
            plans.remove(plans.keySet().iterator().next());
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        plans.put(id, new Held(plan, clock.instant()));
        return id;
    }

    /** Removes and returns the plan: applying twice must not be possible. */
    synchronized Optional<ImportPlan> take(String id) {
        expire();
        Held held = plans.remove(id);
        return held == null ? Optional.empty() : Optional.of(held.plan());
    }

    private void expire() {
        Instant limit = clock.instant().minus(TTL);
        plans.values().removeIf(h -> h.at().isBefore(limit));
    }
}
