package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ALERTMANAGER = """
            {"version":"4","groupKey":"{}:{alertname=\\"InstanceDown\\"}","truncatedAlerts":0,"status":"firing",
             "receiver":"tejun","groupLabels":{"alertname":"InstanceDown"},"commonLabels":{"alertname":"InstanceDown"},
             "commonAnnotations":{},"externalURL":"http://am:9093",
             "alerts":[
              {"status":"firing","labels":{"alertname":"InstanceDown","instance":"web-1:9100"},
               "annotations":{"summary":"web-1 down"},"startsAt":"2025-06-02T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
               "generatorURL":"http://prom/graph","fingerprint":"aaa"},
              {"status":"resolved","labels":{"alertname":"InstanceDown","instance":"web-2:9100"},
               "annotations":{},"startsAt":"2025-06-02T00:00:00Z","endsAt":"2025-06-02T00:05:00Z","fingerprint":"bbb"}
             ]}""";

    private static List<AlertEvent> parse(String json) throws Exception {
        return EventPayloads.parse(JSON.readTree(json));
    }

    @Test
    void parse_alertmanagerV4_oneEventPerAlertWithLabelsAndFields() throws Exception {
        List<AlertEvent> events = parse(ALERTMANAGER);
        assertEquals(2, events.size());
        AlertEvent first = events.getFirst();
        assertEquals("firing", first.status());
        assertEquals("web-1:9100", first.value("labels.instance").orElseThrow());
        assertEquals("web-1 down", first.value("annotations.summary").orElseThrow());
        assertEquals("tejun", first.value("fields.receiver").orElseThrow());
        assertEquals("aaa", first.value("fields.fingerprint").orElseThrow());
        assertEquals("resolved", events.get(1).status());
    }

    @Test
    void parse_genericEvent_labelsAndTopLevelScalarsAsFields() throws Exception {
        AlertEvent e = parse("{\"source\":\"zabbix\",\"labels\":{\"host\":\"db1\"},\"severity\":3}")
                .getFirst();
        assertEquals("zabbix", e.source());
        assertEquals("firing", e.status());
        assertEquals("db1", e.value("labels.host").orElseThrow());
        assertEquals("3", e.value("fields.severity").orElseThrow());
    }

    @Test
    void parse_malformed_refusedWithReason() {
        List<String> bad = List.of(
                "[]",
                "\"x\"",
                "{}",
                "{\"version\":\"3\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}",
                "{\"alerts\":[]}",
                "{\"alerts\":[{\"status\":\"burning\",\"labels\":{}}]}",
                "{\"alerts\":[{\"status\":\"firing\"}]}",
                "{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":{\"b\":1}}}]}",
                "{\"status\":\"firing\",\"labels\":[1]}");
        for (String json : bad) {
            MalformedEvent e = assertThrows(MalformedEvent.class, () -> parse(json), json);
            assertTrue(!e.getMessage().isBlank());
        }
    }
}
