package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each test a rule's condition column can make, with an event that passes it and one that does not. */
class ConditionsTest {

    /** Monday 2026-11-30 10:00 in Tokyo. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-30T01:00:00Z");

    private static Rule rule(String when) {
        RuleFiles.Parsed p = RuleFiles.parse("rules/t.yaml", """
                rules:
                  - name: t
                    when: %s
                    run: a.md
                """.formatted(when));
        assertEquals("[]", p.problems().toString());
        return p.rules().getFirst();
    }

    private static AlertEvent event(Map<String, String> labels) {
        return new AlertEvent("test", "firing", labels, Map.of("value", labels.getOrDefault("v", "")), Map.of());
    }

    private static boolean hits(String when, Map<String, String> labels) {
        return rule(when).matches(event(labels), MONDAY_10);
    }

    @Test
    void equalsAndNotEquals() {
        assertTrue(hits("{ labels.env: prod }", Map.of("env", "prod")));
        assertFalse(hits("{ labels.env: { equals: prod } }", Map.of("env", "dev")));
        assertTrue(hits("{ labels.env: { not: dev } }", Map.of("env", "prod")));
        assertTrue(hits("{ labels.env: { not: dev } }", Map.of()));
        assertFalse(hits("{ labels.env: { not: dev } }", Map.of("env", "dev")));
    }

    @Test
    void regex_wholeValue() {
        assertTrue(hits("{ labels.host: { regex: 'web-\\d+' } }", Map.of("host", "web-12")));
        assertFalse(hits("{ labels.host: { regex: 'web-\\d+' } }", Map.of("host", "web-12.example")));
    }

    @Test
    void in_oneOfTheListedValues() {
        assertTrue(hits("{ labels.sev: { in: [critical, major] } }", Map.of("sev", "major")));
        assertFalse(hits("{ labels.sev: { in: [critical, major] } }", Map.of("sev", "minor")));
        assertFalse(hits("{ labels.sev: { in: [critical, major] } }", Map.of()));
    }

    @Test
    void contains_partOfTheValue() {
        assertTrue(hits("{ annotations.value: { contains: disk } }", Map.of("v", "/var disk full")));
        assertFalse(hits("{ annotations.value: { contains: disk } }", Map.of("v", "memory")));
    }

    @Test
    void numbers_greaterLessAndRangeOnAnAnnotation() {
        assertTrue(hits("{ annotations.value: { gt: 90 } }", Map.of("v", "96.2")));
        assertFalse(hits("{ annotations.value: { gt: 90 } }", Map.of("v", "90")));
        assertTrue(hits("{ annotations.value: { ge: 90 } }", Map.of("v", "90")));
        assertTrue(hits("{ annotations.value: { lt: 5 } }", Map.of("v", "4.99")));
        assertFalse(hits("{ annotations.value: { le: 5 } }", Map.of("v", "5.01")));
        assertTrue(hits("{ annotations.value: { between: [10, 20] } }", Map.of("v", "20")));
        assertFalse(hits("{ annotations.value: { between: [10, 20] } }", Map.of("v", "9")));
        // two tests in one column: both must pass
        assertFalse(hits("{ annotations.value: { gt: 1, lt: 5 } }", Map.of("v", "7")));
        // not a number: no hit, no error
        assertFalse(hits("{ annotations.value: { gt: 1 } }", Map.of("v", "high")));
    }

    @Test
    void presentAndAbsent() {
        assertTrue(hits("{ labels.team: { present: true } }", Map.of("team", "dba")));
        assertFalse(hits("{ labels.team: { present: true } }", Map.of()));
        assertTrue(hits("{ labels.team: { present: false } }", Map.of()));
    }

    @Test
    void timeOfDayAndWeekdayWindows() {
        assertTrue(hits("{ time: { from: '09:00', to: '18:00', days: [mon, tue], zone: Asia/Tokyo } }", Map.of()));
        assertFalse(hits("{ time: { from: '09:00', to: '18:00', days: [sat, sun], zone: Asia/Tokyo } }", Map.of()));
        assertFalse(hits("{ time: { from: '11:00', to: '18:00', zone: Asia/Tokyo } }", Map.of()));
        // a night window runs over midnight: 01:00 UTC is inside 22:00-06:00 UTC, which began on Sunday
        assertTrue(hits("{ time: { from: '22:00', to: '06:00', days: [sun], zone: UTC } }", Map.of()));
        assertFalse(hits("{ time: { from: '22:00', to: '06:00', days: [mon], zone: UTC } }", Map.of()));
    }

    @Test
    void badColumns_everyProblemReported() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/t.yaml", """
                rules:
                  - name: t
                    when:
                      labels.a: { above: 3 }
                      labels.b: { gt: many }
                      labels.c: { between: [5, 1] }
                      labels.d: { present: yes please }
                      time: { from: '25:00', days: [someday], zone: Mars/Base }
                    run: a.md
                """);
        String all = p.problems().toString();
        for (String expected : new String[] {
            "unknown test 'above'",
            "when.labels.b.gt must be a number",
            "low 5 is above high 1",
            "when.labels.d.present must be true or false",
            "is not a time zone"
        }) {
            assertTrue(all.contains(expected), expected + " in " + all);
        }
    }
}
