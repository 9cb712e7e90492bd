package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.testing.EventSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grafana-managed alerts post Alertmanager's webhook with {@code "version": "1"} and some fields of their own. */
class GrafanaPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parse_grafanaVersion1_oneEventPerAlertWithGrafanaFields() throws Exception {
        List<AlertEvent> events = EventPayloads.parse(JSON.readTree(EventSamples.read("grafana-v1.json")));

        assertEquals(2, events.size());
        AlertEvent firing = events.getFirst();
        assertEquals("grafana", firing.source());
        assertEquals("firing", firing.status());
        assertEquals("db-7", firing.value("labels.host").orElseThrow());
        assertEquals("9f1c2ab47d30e511", firing.value("fields.fingerprint").orElseThrow());
        assertEquals("1", firing.value("fields.orgId").orElseThrow());
        assertEquals(
                "https://grafana.example/d/storage",
                firing.value("fields.dashboardURL").orElseThrow());
        assertEquals("96.2", firing.value("fields.values.A").orElseThrow());
        assertEquals("resolved", events.get(1).status());
        assertEquals(
                "04aa61c9e2b8d7f3", events.get(1).value("fields.fingerprint").orElseThrow());
    }

    @Test
    void parse_unknownVersion_stillRefused() {
        String v2 = EventSamples.read("grafana-v1.json").replace("\"version\": \"1\"", "\"version\": \"2\"");
        MalformedEvent e = assertThrows(MalformedEvent.class, () -> EventPayloads.parse(JSON.readTree(v2)));
        assertEquals("webhook payload version 2 is not supported (4: Alertmanager, 1: Grafana)", e.getMessage());
    }
}
