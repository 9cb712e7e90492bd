package dev.tejun.cmdb.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the ISO-8601 forms the store itself writes ({@code 2026-01-31}, {@code 2026-01-31T12:00:00Z},
 * {@code 2026-01-31T12:00:00.123Z}) without a {@code DateTimeFormatter}, which costs several times more and showed
 * up in whole-sheet reads. Anything else goes to the JDK parser, so the result is always the same.
 */
final class IsoTimes {

    private IsoTimes() {}

    static LocalDate date(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            int y = digits(s, 0, 4);
            int m = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                return LocalDate.of(y, m, d);
            }
        }
        return LocalDate.parse(s);
    }

    static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
            int h = digits(s, 11, 13);
            int min = digits(s, 14, 16);
            int sec = digits(s, 17, 19);
            int nanos = n == 20 ? 0 : fraction(s, 19, n - 1);
            if (h >= 0 && min >= 0 && sec >= 0 && nanos >= 0 && sec < 60) {
                return LocalDateTime.of(date(s.substring(0, 10)), java.time.LocalTime.of(h, min, sec, nanos))
                        .toInstant(ZoneOffset.UTC);
            }
        }
        return Instant.parse(s);
    }

    /** The decimal number in s[from, to), or -1 if any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** ".123" → nanoseconds; -1 if malformed (then the JDK decides). */
    private static int fraction(String s, int from, int to) {
        int len = to - from - 1;
        if (s.charAt(from) != '.' || len < 1 || len > 9) {
            return -1;
        }
        int v = digits(s, from + 1, to);
        if (v < 0) {
            return -1;
        }
        for (int i = len; i < 9; i++) {
            v *= 10;
        }
        return v;
    }
}
