package dev.tejun.server.audit;

import java.util.Locale;

/**
 * The interface a request or a run came through, as the audit log's {@code interface} column, the run index and the
 * evidence write it ({@link #wire()}): the same words as before this was an enum, so stored entries and their hashes
 * stay valid. The kernel carries it as that word (a session run's {@code via}, a service identity's, a flow actor's);
 * {@link #of} reads it back.
 */
public enum Via {
    /** A signed-in browser. */
    WEB,
    /** A caller with an API token. */
    API,
    /** The CLI: against a server with a token, or {@code tejun run} on the data folder. */
    CLI,
    /** A message on a notebook's session socket. */
    WS,
    /** A schedule that fired. */
    SCHEDULER,
    /** An alert rule that matched an event. */
    EVENTS,
    /** A runbook node of a flow. */
    FLOW,
    /** The server itself (a run it found cut off by a crash). */
    SERVER;

    /** The word the audit log, the run index and the evidence store. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The interface named {@code word} ({@link #wire()}); null for null. Throws for a word that names none. */
    public static Via of(String word) {
        if (word == null) {
            return null;
        }
        for (Via v : values()) {
            if (v.wire().equals(word)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no interface '" + word + "'");
    }

    @Override
    public String toString() {
        return wire();
    }
}
