package dev.tejun.kernel.alert.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    private static JsonNode yaml(String text) throws Exception {
        return Json.YAML.readTree(text);
    }

    private static final String CHECKS = """
            {"sent": "2026-11-30T00:00:00Z",
             "checks": [
               {"check": {"name": "HTTP"}, "level": 2, "node": "web-1", "state": "DOWN", "id": "c-1",
                "tags": {"env": "prod"}, "meta": {"region": "tokyo"}},
               {"check": {"name": "HTTP"}, "level": 0, "node": "web-2", "state": "UP", "id": "c-2"}
             ]}""";

    @Test
    void read_itemsWithPointers_oneEventPerItem() throws Exception {
        SourceFormat format = SourceFormat.of("json", yaml("""
                items: /checks
                name: /check/name
                severity: /level
                host: /node
                labels: /tags
                fingerprint: /id
                status: /state
                firing: [DOWN]
                resolved: [up]
                fields: { region: /meta/region }
                """));

        List<AlertEvent> events = format.read(Delivery.json(CHECKS));

        assertEquals(2, events.size());
        AlertEvent down = events.getFirst();
        assertEquals("firing", down.status());
        assertEquals("HTTP", down.value("labels.alertname").orElseThrow());
        assertEquals("2", down.value("labels.severity").orElseThrow());
        assertEquals("web-1", down.value("labels.host").orElseThrow());
        assertEquals("prod", down.value("labels.env").orElseThrow());
        assertEquals("c-1", down.value("fields.fingerprint").orElseThrow());
        assertEquals("tokyo", down.value("fields.region").orElseThrow());
        assertEquals("resolved", events.get(1).status());
    }

    @Test
    void of_badMapping_everyProblemNamed() throws Exception {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SourceFormat.of("json", yaml("{ host: node, colour: /c, fields: { a: 3 } }")));
        assertTrue(e.getMessage().contains("mapping.host 'node' is not a JSON Pointer"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("mapping.fields.a must be a JSON Pointer"), e.getMessage());
        assertTrue(e.getMessage().contains("mapping.name is required"), e.getMessage());
    }

    @Test
    void read_statusOutsideTheWordsOrNameMissing_wholePostRefused() throws Exception {
        SourceFormat format = SourceFormat.of("json", yaml("{ items: /checks, name: /check/name, status: /state }"));
        String flapping = CHECKS.replace("\"UP\"", "\"FLAPPING\"");
        MalformedEvent e = assertThrows(MalformedEvent.class, () -> format.read(Delivery.json(flapping)));
        assertTrue(e.getMessage().startsWith("items[1]: status 'FLAPPING' is neither firing"), e.getMessage());

        SourceFormat named = SourceFormat.of("json", yaml("{ name: /nothing }"));
        assertEquals(
                "the body: no name at /nothing",
                assertThrows(MalformedEvent.class, () -> named.read(Delivery.json("{}")))
                        .getMessage());
    }
}
