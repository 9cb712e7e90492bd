package dev.tejun.cmdb.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times as people write them for the CMDB: an operation's planned time and an {@code as-of=} (cell attribute, run
 * parameter, REST). One reader, so every interface accepts and refuses the same text.
 */
public final class TimeInput {

    private static final String FORMS =
            "use 2026-11-01T10:00+09:00, 2026-11-01T10:00+09:00[Asia/Tokyo], 2026-11-01T01:00:00Z or 2026-11-01";

    private TimeInput() {}

    /**
     * A date and time with its offset or zone ({@code 2026-11-01T10:00+09:00}, {@code …[Asia/Tokyo]}, {@code …Z}),
     * or a date meaning its start in UTC.
     *
     * @param what the name the message gives the value ({@code as-of}, {@code planned})
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static ZonedDateTime zoned(String text, String what) {
        String s = text == null ? "" : text.strip();
        try {
            return ZonedDateTime.parse(s);
        } catch (DateTimeParseException notZoned) {
            try {
                return OffsetDateTime.parse(s).toZonedDateTime();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(
                            what + " '" + text + "' is not a time with a zone (" + FORMS + ")");
                }
            }
        }
    }

    /**
     * A time in the past to read the CMDB's history at: the design as it was then.
     *
     * @throws IllegalArgumentException when unreadable or later than {@code now} (the history has nothing yet)
     */
    public static Instant past(String text, String what, Instant now) {
        Instant at = zoned(text, what).toInstant();
        if (at.isAfter(now)) {
            throw new IllegalArgumentException(what + " '" + text + "' is in the future (now is " + now
                    + "): the CMDB's history can be read only up to now");
        }
        return at;
    }
}
