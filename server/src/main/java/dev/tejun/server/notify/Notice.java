package dev.tejun.server.notify;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One thing worth telling someone: what happened ({@link Kind}), to which runbook or flow, caused by whom, with a
 * one-line subject, a longer text and a link to look at it (or approve it).
 *
 * @param runbook the runbook's path in the folder, or null (a flow's notice)
 * @param flow    the flow's name, or null
 * @param user    who started what the notice is about, or null
 * @param status  the outcome word (ok, failed, …), or null
 * @param link    an absolute URL of the page to open, or null
 * @param runId   the run it is about, or null
 * @param cell    the cell it is about (the pause cell that waits), or null
 */
public record Notice(
        Kind kind,
        String runbook,
        String flow,
        String user,
        String status,
        String subject,
        String text,
        String link,
        Instant at,
        String runId,
        String cell) {

    /** The events a subscription can name, by their wire names. */
    public enum Kind {
        RUN_OK,
        RUN_FAILED,
        APPROVAL_WAITING,
        FLOW_ENDED,
        SCHEDULE_FAILED,
        SCHEDULE_MISFIRED,
        ALERT_SUPPRESSED,
        ALERT_FAILED,
        DRIFT_FOUND,
        EVENT_UNHANDLED,
        EVENT_MATCHED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '.');
        }

        /** Every kind but {@code run.ok}: a run that went well is told only to who asks for it (opt-in). */
        public static List<Kind> byDefault() {
            return Arrays.stream(values()).filter(k -> k != RUN_OK).toList();
        }

        /** The kind {@code word} names; an {@link IllegalArgumentException} listing them otherwise. */
        public static Kind of(String word) {
            return Arrays.stream(values())
                    .filter(k -> k.wire().equals(word))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no event '" + word + "' (events: "
                            + String.join(
                                    ", ",
                                    Arrays.stream(values()).map(Kind::wire).toList()) + ")"));
        }
    }
}
