package dev.tejun.kernel.alert.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import dev.tejun.testing.EventSamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsFormatTest {

    private static final SourceFormat FORMAT = SourceFormat.of("cloudevents", null);

    private static List<AlertEvent> read(String body, String contentType, Map<String, String> headers) {
        return FORMAT.read(new Delivery(body.getBytes(StandardCharsets.UTF_8), contentType, headers));
    }

    @Test
    void read_structuredMode_attributesAsLabelsAndDataAsFields() {
        AlertEvent e = read(EventSamples.read("cloudevent-structured.json"), CloudEventsFormat.STRUCTURED, Map.of())
                .getFirst();

        assertEquals("firing", e.status());
        assertEquals("example.monitor.host.down", e.value("labels.type").orElseThrow());
        assertEquals("node-12", e.value("labels.subject").orElseThrow());
        assertEquals("r4", e.value("labels.rack").orElseThrow());
        assertEquals("2026-11-30T00:12:40Z", e.value("fields.time").orElseThrow());
        assertEquals("100", e.value("fields.data.loss").orElseThrow());
        assertEquals("down", e.value("fields.data.probes.ssh").orElseThrow());
        assertEquals(
                "//monitor.example/probes/icmp/b3a1e6c2-41f0-4b7e-9a55-2f8c1d0e7a19",
                e.value("fields.fingerprint").orElseThrow());
    }

    @Test
    void read_binaryMode_attributesFromCeHeadersAndTheBodyAsData() {
        AlertEvent e = read(
                        "{\"host\":\"node-12\",\"status\":\"resolved\",\"fingerprint\":\"node-12-down\"}",
                        "application/json; charset=utf-8",
                        Map.of(
                                "ce-specversion", "1.0",
                                "ce-id", "42",
                                "ce-source", "//monitor.example/probes/icmp",
                                "ce-type", "example.monitor.host.down",
                                "CE-Rack", "r%204"))
                .getFirst();

        assertEquals("resolved", e.status());
        assertEquals("example.monitor.host.down", e.value("labels.type").orElseThrow());
        assertEquals("r 4", e.value("labels.rack").orElseThrow());
        assertEquals("node-12", e.value("fields.data.host").orElseThrow());
        assertEquals("node-12-down", e.value("fields.fingerprint").orElseThrow());
        assertEquals("application/json", e.value("fields.datacontenttype").orElseThrow());
    }

    @Test
    void read_batch_oneEventEach() {
        String one = EventSamples.read("cloudevent-structured.json");
        List<AlertEvent> events =
                read("[" + one + "," + one.replace("node-12", "node-13") + "]", CloudEventsFormat.BATCH, Map.of());
        assertEquals(
                List.of("node-12", "node-13"),
                events.stream()
                        .map(e -> e.value("labels.subject").orElseThrow())
                        .toList());
    }

    @Test
    void read_missingRequiredAttributeOrWrongVersion_refused() {
        MalformedEvent noType = assertThrows(
                MalformedEvent.class,
                () -> read(
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\"}",
                        CloudEventsFormat.STRUCTURED,
                        Map.of()));
        assertEquals("event: the attribute type is required", noType.getMessage());
        MalformedEvent v03 = assertThrows(
                MalformedEvent.class,
                () -> read("", "", Map.of("ce-specversion", "0.3", "ce-id", "1", "ce-source", "s", "ce-type", "t")));
        assertEquals("the ce- headers: specversion must be 1.0, not 0.3", v03.getMessage());
        assertThrows(MalformedEvent.class, () -> read("{\"a\":1}", "application/json", Map.of()));
    }
}
