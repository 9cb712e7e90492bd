package dev.tejun.kernel.alert.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import dev.tejun.testing.EventSamples;
import org.junit.jupiter.api.Test;

class ZabbixFormatTest {

    private static AlertEvent read(String json) {
        return SourceFormat.of("zabbix", null).read(Delivery.json(json)).getFirst();
    }

    @Test
    void read_problemMessage_firingWithHostNameSeverityAndTags() {
        AlertEvent e = read(EventSamples.read("zabbix-problem.json"));

        assertEquals("firing", e.status());
        assertEquals(
                "Zabbix agent is not available", e.value("labels.alertname").orElseThrow());
        assertEquals("web-3", e.value("labels.host").orElseThrow());
        assertEquals("Average", e.value("labels.severity").orElseThrow());
        assertEquals("availability", e.value("labels.scope").orElseThrow());
        assertEquals("3", e.value("fields.event_nseverity").orElseThrow());
        assertEquals("zabbix-48211", e.value("fields.fingerprint").orElseThrow());
        // an unresolved macro is not a value
        assertFalse(e.value("fields.event_recovery_id").isPresent());
    }

    @Test
    void read_recoveryMessageWithMacroNames_resolvedWithTheProblemsFingerprint() {
        AlertEvent e = read(EventSamples.read("zabbix-recovery.json"));

        assertEquals("resolved", e.status());
        assertEquals("zabbix-48211", e.value("fields.fingerprint").orElseThrow());
        assertEquals("48230", e.value("fields.event_recovery_id").orElseThrow());
        assertEquals("os", e.value("labels.class").orElseThrow());
        assertEquals("web-3", e.value("labels.host").orElseThrow());
    }

    @Test
    void read_withoutIdOrStatus_refusedNamingTheParameter() {
        MalformedEvent noId =
                assertThrows(MalformedEvent.class, () -> read("{\"event_name\":\"x\",\"event_value\":\"1\"}"));
        assertEquals("event_id is missing (the media type's parameter {EVENT.ID})", noId.getMessage());
        MalformedEvent noStatus =
                assertThrows(MalformedEvent.class, () -> read("{\"event_id\":\"1\",\"event_name\":\"x\"}"));
        assertEquals("the status is missing: send event_value ({EVENT.VALUE}) or event_status", noStatus.getMessage());
        assertThrows(
                MalformedEvent.class,
                () -> read("{\"event_id\":\"1\",\"event_name\":\"x\",\"event_value\":\"{EVENT.VALUE}\"}"));
    }
}
