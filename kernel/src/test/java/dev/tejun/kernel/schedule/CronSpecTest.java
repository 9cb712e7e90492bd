package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronSpecTest {

    @Test
    void next_unixFiveFields_firesOnTheNamedWeekdayInTheZone() {
        CronSpec cron = CronSpec.parse("0 3 * * MON");
        // Sunday 2025-06-01 12:00 UTC; Monday 03:00 in Tokyo is Sunday 18:00 UTC
        Instant next = cron.next(Instant.parse("2025-06-01T12:00:00Z"), ZoneId.of("Asia/Tokyo"))
                .orElseThrow();
        assertEquals(Instant.parse("2025-06-01T18:00:00Z"), next);
    }

    @Test
    void next_quartzWithSeconds_firesEverySecond() {
        CronSpec cron = CronSpec.parse("* * * ? * *");
        assertEquals(
                Instant.parse("2025-06-01T12:00:01Z"),
                cron.next(Instant.parse("2025-06-01T12:00:00Z"), ZoneId.of("UTC"))
                        .orElseThrow());
    }

    @Test
    void last_exactFireTime_countsAsFired() {
        CronSpec cron = CronSpec.parse("*/5 * * * *");
        assertEquals(
                Instant.parse("2025-06-01T12:05:00Z"),
                cron.last(Instant.parse("2025-06-01T12:05:00Z"), ZoneId.of("UTC"))
                        .orElseThrow());
    }

    @Test
    void parse_badMinute_refusedWithCronUtilsReason() {
        CronSpec.BadCron e = assertThrows(CronSpec.BadCron.class, () -> CronSpec.parse("61 3 * * *"));
        assertTrue(e.getMessage().contains("61"), e.getMessage());
    }

    @Test
    void parse_wrongFieldCount_saysWhatIsExpected() {
        CronSpec.BadCron e = assertThrows(CronSpec.BadCron.class, () -> CronSpec.parse("0 3 *"));
        assertTrue(e.getMessage().contains("expected 5"), e.getMessage());
    }

    @Test
    void problem_goodExpression_isEmpty() {
        assertTrue(CronSpec.problem("0 0 3 ? * MON").isEmpty());
        assertTrue(CronSpec.problem("0 3 * * FOO").isPresent());
    }
}
