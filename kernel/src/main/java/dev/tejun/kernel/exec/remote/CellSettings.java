package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.runbook.Attributes;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of a cell's attributes. A value that does not parse is the user's mistake, so it is reported as a
 * {@link Refused} with a message naming the attribute, never silently replaced by a default.
 */
public record CellSettings(Attributes attributes) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** A setting the cell may not have or that does not parse; the message is for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    public CellSettings {
        attributes = attributes == null ? Attributes.NONE : attributes;
    }

    public Optional<String> text(String key) {
        return attributes.get(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    public int integer(String key, int fallback, int min, int max) throws Refused {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new Refused(key + "=" + v.get() + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused(key + "=" + v.get() + " is not a whole number");
        }
    }

    /**
     * {@code streams=merged} (the default, as for shell cells): the cell's stderr goes where its stdout goes, one
     * stream, so the output keeps the order it was written in (two pipes or channels read as they fill cannot);
     * {@code streams=separate} keeps them apart, each in its order.
     */
    public boolean mergedStreams() throws Refused {
        String streams = text("streams").orElse("merged");
        if (!streams.equals("merged") && !streams.equals("separate")) {
            throw new Refused("streams=" + streams + " is not merged or separate");
        }
        return streams.equals("merged");
    }

    public boolean flag(String key) throws Refused {
        Optional<String> v = text(key);
        if (attributes.classes().contains(key)) {
            return true;
        }
        if (v.isEmpty()) {
            return false;
        }
        return switch (v.get().toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new Refused(key + "=" + v.get() + " is not true or false");
        };
    }

    /** A number of seconds, or a number with ms, s, m or h; the same forms as the cell's {@code timeout=}. */
    public Duration duration(String key, Duration fallback) throws Refused {
        Optional<String> v = text(key);
        if (v.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.get());
        if (!m.matches()) {
            throw new Refused(key + "=" + v.get() + " is not a duration (use 30, 30s, 500ms, 5m or 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
