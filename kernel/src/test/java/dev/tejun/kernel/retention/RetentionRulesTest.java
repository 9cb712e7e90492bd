package dev.tejun.kernel.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static final RetentionRules RULES = RetentionRules.parse("""
            default: { keep-days: 30 }
            rules:
              ops/: { keep-runs: 10 }
              ops/db/: { keep-days: 7, keep-runs: 2 }
              ops/db/backup.md: { keep: forever }
            archive: true
            ledger: { keep-days: 14 }
            every: 6h
            """);

    @Test
    void policyOf_longestRuleWins() {
        assertEquals("keep-days: 30", RULES.policyOf("misc.md").describe());
        assertEquals("keep-runs: 10", RULES.policyOf("ops/patch.md").describe());
        assertEquals(
                "keep-days: 7, keep-runs: 2",
                RULES.policyOf("ops/db/restore.md").describe());
        assertEquals("keep: forever", RULES.policyOf("ops/db/backup.md").describe());
        assertTrue(RULES.archive());
        assertEquals(14, RULES.ledgerKeepDays());
        assertEquals(Duration.ofHours(6), RULES.every());
    }

    @Test
    void keeps_eitherCountOrAge() {
        RetentionRules.Policy p = RULES.policyOf("ops/db/restore.md");
        assertTrue(p.keeps(1, NOW.minus(Duration.ofDays(100)), NOW), "one of the newest two");
        assertTrue(p.keeps(5, NOW.minus(Duration.ofDays(1)), NOW), "younger than 7 days");
        assertFalse(p.keeps(5, NOW.minus(Duration.ofDays(8)), NOW));
    }

    @Test
    void parse_empty_keepsEverything() {
        assertEquals(RetentionRules.KEEP_ALL, RetentionRules.parse(""));
        assertTrue(RetentionRules.KEEP_ALL.policyOf("a.md").keeps(100_000, Instant.EPOCH, NOW));
    }

    @Test
    void parse_mistakes_namedClearly() {
        assertEquals(
                "retention.yaml: default: unknown key 'keep-day' (allowed: [keep-days, keep-runs, keep])".length(),
                assertThrows(IllegalArgumentException.class, () -> RetentionRules.parse("default: {keep-day: 3}"))
                        .getMessage()
                        .length());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.parse("default: {keep-runs: -1}"))
                .getMessage()
                .contains("keep-runs must be a whole number"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> RetentionRules.parse("rules: {../x: {keep: forever}}"))
                .getMessage()
                .contains("inside the runbooks folder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.parse("every: soon"))
                .getMessage()
                .contains("30m, 6h, 1d"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.parse("default: {}"))
                .getMessage()
                .contains("give keep-days, keep-runs or keep: forever"));
    }
}
