package dev.tejun.server.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An instant as the events tables store it: ISO text with all nine fraction digits, so that comparing the text (as
 * the queries do: {@code seen_at > ?}) compares the times. {@link Instant#toString()} leaves the fraction out on a
 * whole second, and "…:00Z" sorts after "…:00.5Z": an event half a second outside a window counted inside it.
 * {@link Instant#parse} reads both forms, so rows written before stay readable.
 */
final class StoredInstant {

    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private StoredInstant() {}

    static String text(Instant at) {
        return FIXED.format(at);
    }
}
