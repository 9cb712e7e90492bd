package dev.tejun.kernel.guard.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision over calendars parsed from their YAML, at chosen instants. */
class WindowGateTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static final MaintenanceCalendar YEAR_END = CalendarFiles.parse("year-end", """
            type: block
            timezone: Asia/Tokyo
            windows:
              - from: 2026-12-28
                to: 2027-01-04T09:00
            """, UTC);

    private static final MaintenanceCalendar WEEKEND = CalendarFiles.parse("weekend", """
            type: allow
            windows:
              - cron: "0 22 * * SAT"
                duration: 6h
            """, UTC);

    private static final Map<String, MaintenanceCalendar> ALL = Map.of("year-end", YEAR_END, "weekend", WEEKEND);

    private static WindowRules rules(List<String> windows, List<String> blackouts) {
        return new WindowRules(windows, blackouts, WindowRules.Policy.DEFER, List.of());
    }

    @Test
    void decide_insideFreeze_closedUntilItsEndInItsZone() {
        WindowGate.Verdict v =
                WindowGate.decide(rules(List.of(), List.of("year-end")), ALL, Instant.parse("2026-12-30T00:00:00Z"));
        assertFalse(v.open());
        // 2027-01-04T09:00 in Tokyo is midnight UTC
        assertEquals(Instant.parse("2027-01-04T00:00:00Z"), v.nextAllowed());
        assertTrue(v.reason().contains("inside freeze year-end"), v.reason());
        assertEquals("year-end", v.active().getFirst().calendar());
    }

    @Test
    void decide_beforeFreeze_openAndShowsItNext() {
        WindowGate.Verdict v =
                WindowGate.decide(rules(List.of(), List.of("year-end")), ALL, Instant.parse("2026-12-01T00:00:00Z"));
        assertTrue(v.open());
        assertEquals(Instant.parse("2026-12-27T15:00:00Z"), v.next().start());
    }

    @Test
    void decide_outsideAllowWindow_nextAllowedIsItsStart() {
        // Wednesday 2026-12-02
        WindowGate.Verdict v =
                WindowGate.decide(rules(List.of("weekend"), List.of()), ALL, Instant.parse("2026-12-02T10:00:00Z"));
        assertFalse(v.open());
        assertEquals(Instant.parse("2026-12-05T22:00:00Z"), v.nextAllowed());
        WindowGate.Verdict inside =
                WindowGate.decide(rules(List.of("weekend"), List.of()), ALL, Instant.parse("2026-12-06T01:00:00Z"));
        assertTrue(inside.open());
        assertEquals(
                Instant.parse("2026-12-06T04:00:00Z"),
                inside.active().getFirst().until());
    }

    @Test
    void decide_allowWindowInsideFreeze_skipsToFirstWindowAfterFreeze() {
        // the weekends of the year-end freeze are not allowed: the first allowed time is Saturday 2027-01-09 22:00
        WindowGate.Verdict v = WindowGate.decide(
                rules(List.of("weekend"), List.of("year-end")), ALL, Instant.parse("2026-12-29T00:00:00Z"));
        assertFalse(v.open());
        assertEquals(Instant.parse("2027-01-09T22:00:00Z"), v.nextAllowed());
    }

    @Test
    void decide_unknownCalendar_closedNamingIt() {
        WindowGate.Verdict v =
                WindowGate.decide(rules(List.of("no-such"), List.of()), ALL, Instant.parse("2026-12-02T10:00:00Z"));
        assertFalse(v.open());
        assertNull(v.nextAllowed());
        assertTrue(v.reason().contains("unknown calendar no-such"), v.reason());
    }

    @Test
    void parse_badFile_saysWhat() {
        CalendarFiles.BadCalendar e = assertThrows(
                CalendarFiles.BadCalendar.class,
                () -> CalendarFiles.parse("x", "type: allow\nwindows:\n  - cron: \"0 1 * * *\"\n", UTC));
        assertTrue(e.getMessage().contains("needs a duration"), e.getMessage());
        assertThrows(CalendarFiles.BadCalendar.class, () -> CalendarFiles.parse("x", "type: maybe\n", UTC));
    }
}
