package dev.tejun.server.audit;

import dev.tejun.server.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refusals counted per key (a client address) in windows of fixed length, so that a client hammering a door is
 * audited once per window instead of once per attempt: the first refusal of a window is written at once (the attack
 * shows when it starts), and how many more followed in that window is carried by the key's next entry.
 */
public final class RefusalWindows {

    /** Beyond this many keys, windows that ended are dropped, so the map cannot grow without bound. */
    private static final int PRUNE_AT = 10_000;

    private record Window(Instant start, int more) {}

    /** A refusal that opened a window: the one before it (null if none) and how many refusals it held after its first. */
    public record Opened(Instant before, int moreBefore) {}

    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RefusalWindows(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Counts one refusal of {@code key}: the window it opened, to be audited, or null while a window is open. */
    public Opened count(String key) {
        Instant now = clock.instant();
        Window[] ended = new Window[1];
        boolean[] opened = new boolean[1];
        windows.compute(String.valueOf(key), (k, w) -> {
            if (w == null || !now.isBefore(w.start().plus(window))) {
                ended[0] = w;
                opened[0] = true;
                return new Window(now, 0);
            }
            return new Window(w.start(), w.more() + 1);
        });
        if (!opened[0]) {
            return null;
        }
        if (windows.size() > PRUNE_AT) {
            windows.entrySet()
                    .removeIf(e -> !now.isBefore(e.getValue().start().plus(window))
                            && e.getValue().more() == 0);
        }
        return ended[0] == null ? new Opened(null, 0) : new Opened(ended[0].start(), ended[0].more());
    }

    /** How many refusals {@code key} had in its open window (0 when none is open). */
    public int inWindow(String key) {
        Window w = windows.get(String.valueOf(key));
        return w == null || !clock.instant().isBefore(w.start().plus(window)) ? 0 : w.more() + 1;
    }

    /** The audit detail of a refusal that opened a window: the reason, the window, and the count of the one before. */
    public String detail(String reason, Opened opened) {
        return "{\"reason\":" + Json.quoted(reason) + ",\"windowSeconds\":" + window.toSeconds()
                + (opened.moreBefore() > 0
                        ? ",\"moreInWindowBefore\":" + opened.moreBefore() + ",\"windowBeforeStarted\":\""
                                + opened.before() + "\""
                        : "")
                + "}";
    }
}
