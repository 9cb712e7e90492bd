package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CloudEvents 1.0 over HTTP: the structured mode ({@code application/cloudevents+json}: the event is the body), its
 * batch ({@code application/cloudevents-batch+json}: an array of them) and the binary mode (the attributes in
 * {@code ce-*} headers, the body is the data).
 *
 * <p>An event's context attributes {@code type}, {@code source}, {@code subject} and its extensions become labels
 * (rules route on them); {@code id}, {@code time}, {@code specversion}, {@code datacontenttype} and
 * {@code dataschema} fields; JSON data becomes fields {@code data.NAME} (nested names dotted), other data the field
 * {@code data}. The status is the extension {@code status} or {@code data.status} ({@code firing} or
 * {@code resolved}; firing when neither is given). The fingerprint is the extension {@code fingerprint} or
 * {@code data.fingerprint}, else {@code source/id}, which the specification makes unique per event, so a redelivery
 * is recognised.
 */
final class CloudEventsFormat implements SourceFormat {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("id", "source", "type");
    private static final Set<String> FIELDS = Set.of("id", "time", "specversion", "datacontenttype", "dataschema");
    private static final Set<String> OWN = Set.of("data", "data_base64", "status", "fingerprint");

    @Override
    public List<AlertEvent> read(Delivery d) {
        if (d.header("ce-specversion") != null) {
            return List.of(binary(d));
        }
        String type = d.mediaType();
        JsonNode body = d.json();
        if (type.equals(BATCH) || (body.isArray() && !type.equals(STRUCTURED))) {
            if (!body.isArray() || body.isEmpty() || body.size() > Scalars.MAX_EVENTS) {
                throw new MalformedEvent(
                        "a CloudEvents batch must be an array of 1.." + Scalars.MAX_EVENTS + " events");
            }
            List<AlertEvent> out = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                out.add(structured(body.get(i), "events[" + i + "]"));
            }
            return out;
        }
        if (!type.equals(STRUCTURED) && !body.has("specversion")) {
            throw new MalformedEvent("not a CloudEvent: send Content-Type " + STRUCTURED
                    + " with the event as the body, or the ce-specversion, ce-id, ce-source and ce-type headers");
        }
        return List.of(structured(body, "event"));
    }

    private static AlertEvent structured(JsonNode event, String where) {
        if (!event.isObject()) {
            throw new MalformedEvent(where + " must be a JSON object");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        event.properties().forEach(p -> {
            if (p.getKey().equals("data") || p.getKey().equals("data_base64")) {
                return;
            }
            String v = Scalars.text(p.getValue());
            if (v == null) {
                throw new MalformedEvent(where + "." + p.getKey() + " must be a string, number or boolean");
            }
            attributes.put(p.getKey(), v);
        });
        JsonNode data = event.get("data");
        if (data == null && event.hasNonNull("data_base64")) {
            data = JSON.getNodeFactory().textNode(event.get("data_base64").asText());
        }
        return event(attributes, data, where);
    }

    private static AlertEvent binary(Delivery d) {
        Map<String, String> attributes = new LinkedHashMap<>();
        d.headers().forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("ce-") && n.length() > 3) {
                attributes.put(
                        n.substring(3), java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        if (!d.mediaType().isEmpty()) {
            attributes.putIfAbsent("datacontenttype", d.mediaType());
        }
        JsonNode data = null;
        if (d.body().length > 0) {
            String type = d.mediaType();
            data = type.equals("application/json") || type.endsWith("+json")
                    ? d.json()
                    : JSON.getNodeFactory().textNode(d.text());
        }
        return event(attributes, data, "the ce- headers");
    }

    private static AlertEvent event(Map<String, String> attributes, JsonNode data, String where) {
        String version = attributes.get("specversion");
        if (!"1.0".equals(version)) {
            throw new MalformedEvent(where + ": specversion must be 1.0, not " + version);
        }
        for (String a : REQUIRED) {
            String v = attributes.get(a);
            if (v == null || v.isEmpty()) {
                throw new MalformedEvent(where + ": the attribute " + a + " is required");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (FIELDS.contains(name)) {
                fields.put(name, value);
            } else if (!OWN.contains(name)) {
                labels.put(name, value);
            }
        });
        if (data != null && data.isObject()) {
            Scalars.flatten(data, "data", fields, 0);
        } else if (data != null && !data.isNull()) {
            fields.put("data", data.isValueNode() ? data.asText() : data.toString());
        }
        String status = attributes.getOrDefault("status", fields.getOrDefault("data.status", AlertEvent.FIRING));
        if (!status.equals(AlertEvent.FIRING) && !status.equals(AlertEvent.RESOLVED)) {
            throw new MalformedEvent(where + ": status must be firing or resolved, not " + status);
        }
        String fingerprint = attributes.getOrDefault(
                "fingerprint",
                fields.getOrDefault("data.fingerprint", attributes.get("source") + "/" + attributes.get("id")));
        fields.put("fingerprint", fingerprint);
        return new AlertEvent("cloudevents", status, labels, Map.of(), fields);
    }
}
