package dev.tejun.kernel.guard.windows;

import dev.tejun.kernel.schedule.CronSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One named calendar: a set of windows in one time zone, each either recurring (a cron start and a duration) or a
 * fixed range of dates. An {@link Kind#ALLOW} calendar says when runs may happen; a {@link Kind#BLOCK} calendar is a
 * freeze: no run inside it.
 */
public record MaintenanceCalendar(String name, Kind kind, ZoneId zone, List<Span> spans) {

    /** Whether the windows are the only times allowed, or times forbidden. */
    public enum Kind {
        ALLOW,
        BLOCK;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One window of a calendar. */
    public sealed interface Span {
        /** The end of the occurrence that holds {@code t} (start inclusive, end exclusive), if one does. */
        Optional<Instant> endOfOccurrenceAt(Instant t, ZoneId zone);

        /** The first start strictly after {@code t}. */
        Optional<Instant> nextStart(Instant t, ZoneId zone);
    }

    /** Starts at each fire time of {@code cron} and lasts {@code duration}. */
    public record Recurring(CronSpec cron, Duration duration) implements Span {
        @Override
        public Optional<Instant> endOfOccurrenceAt(Instant t, ZoneId zone) {
            return cron.last(t, zone).map(start -> start.plus(duration)).filter(end -> end.isAfter(t));
        }

        @Override
        public Optional<Instant> nextStart(Instant t, ZoneId zone) {
            return cron.next(t, zone);
        }
    }

    /** From {@code from} (inclusive) to {@code to} (exclusive), wall-clock times in the calendar's zone. */
    public record Range(LocalDateTime from, LocalDateTime to) implements Span {
        @Override
        public Optional<Instant> endOfOccurrenceAt(Instant t, ZoneId zone) {
            Instant start = from.atZone(zone).toInstant();
            Instant end = to.atZone(zone).toInstant();
            return !t.isBefore(start) && t.isBefore(end) ? Optional.of(end) : Optional.empty();
        }

        @Override
        public Optional<Instant> nextStart(Instant t, ZoneId zone) {
            Instant start = from.atZone(zone).toInstant();
            return start.isAfter(t) ? Optional.of(start) : Optional.empty();
        }
    }

    public MaintenanceCalendar {
        spans = List.copyOf(spans);
    }

    /** When the window holding {@code t} ends; empty when {@code t} is in none of this calendar's windows. */
    public Optional<Instant> activeUntil(Instant t) {
        // overlapping windows: the latest end, so "active until" is the time the calendar really lets go
        return spans.stream()
                .map(s -> s.endOfOccurrenceAt(t, zone))
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
    }

    /** The first window start strictly after {@code t}. */
    public Optional<Instant> nextStart(Instant t) {
        return spans.stream()
                .map(s -> s.nextStart(t, zone))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }
}
