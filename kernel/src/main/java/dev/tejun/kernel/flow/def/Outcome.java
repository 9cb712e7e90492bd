package dev.tejun.kernel.flow.def;

import java.util.Locale;
import java.util.Optional;

/**
 * What a finished node hands to the nodes after it, and what an {@code end} node declares. Ordered from least
 * to most severe, so "the worst wins" is a comparison: a stop outranks a failure because nobody chose it.
 */
public enum Outcome {
    SKIPPED,
    OK,
    WARNING,
    FAILED,
    STOPPED;

    /** Whether the path goes on: only ok and warning start the next node; the rest travel as dead paths. */
    public boolean live() {
        return this == OK || this == WARNING;
    }

    public static Outcome worst(Outcome a, Outcome b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** The name as written in a flow file ({@code ok}, {@code failed}, …). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Outcome> parse(String text) {
        for (Outcome o : values()) {
            if (o.key().equals(text)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
