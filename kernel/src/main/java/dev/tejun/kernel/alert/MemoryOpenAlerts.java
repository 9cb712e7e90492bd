package dev.tejun.kernel.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link OpenAlerts} in a map, for tests and tools that keep nothing. */
final class MemoryOpenAlerts implements OpenAlerts {

    private final Map<String, Open> open = new HashMap<>();

    @Override
    public synchronized Open firing(String fingerprint, long eventId, Instant at) {
        Open was = open.get(fingerprint);
        if (was == null) {
            open.put(fingerprint, new Open(eventId, null));
        }
        return was;
    }

    @Override
    public synchronized void acted(String fingerprint, long eventId) {
        open.computeIfPresent(fingerprint, (k, o) -> new Open(o.firstEvent(), eventId));
    }

    @Override
    public synchronized Long resolved(String fingerprint, long eventId, Instant at) {
        Open was = open.remove(fingerprint);
        return was == null ? null : was.firstEvent();
    }
}
