package dev.tejun.kernel.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a posted payload into events, all or nothing: one bad alert refuses the whole payload, so a half-read
 * notification never runs anything.
 *
 * <p>An object with an {@code alerts} array is an Alertmanager webhook (version 4): each alert becomes one event
 * with its labels and annotations, and {@code receiver}, {@code groupKey}, {@code externalURL},
 * {@code fingerprint}, {@code startsAt}, {@code endsAt} and {@code generatorURL} as fields. Grafana-managed alerts
 * send the same shape as version 1 with more: their events have the source {@code grafana} and also
 * {@code orgId}, {@code title}, {@code state}, {@code silenceURL}, {@code dashboardURL}, {@code panelURL},
 * {@code valueString} and each of {@code values} ({@code values.A}) as fields. Any other object is a
 * generic event: {@code {"source": "…", "status": "firing", "labels": {…}, "annotations": {…}, "fields": {…}}},
 * where other top-level scalars also become fields.
 */
public final class EventPayloads {

    private static final Set<String> STATUSES = Set.of(AlertEvent.FIRING, AlertEvent.RESOLVED);
    private static final List<String> GROUP_FIELDS = List.of("receiver", "groupKey", "externalURL");
    private static final List<String> ALERT_FIELDS = List.of("fingerprint", "startsAt", "endsAt", "generatorURL");
    private static final List<String> GRAFANA_GROUP_FIELDS = List.of("orgId", "title", "state");
    private static final List<String> GRAFANA_ALERT_FIELDS =
            List.of("silenceURL", "dashboardURL", "panelURL", "valueString");
    private static final int MAX_ALERTS = 1000;

    private EventPayloads() {}

    public static List<AlertEvent> parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedEvent("the payload must be a JSON object");
        }
        return root.has("alerts") ? alertmanager(root) : List.of(generic(root));
    }

    private static List<AlertEvent> alertmanager(JsonNode root) {
        JsonNode version = root.get("version");
        boolean grafana = version != null && version.asText().equals("1");
        if (version != null && !grafana && !version.asText().equals("4")) {
            throw new MalformedEvent(
                    "webhook payload version " + version.asText() + " is not supported (4: Alertmanager, 1: Grafana)");
        }
        JsonNode alerts = root.get("alerts");
        if (!alerts.isArray() || alerts.isEmpty()) {
            throw new MalformedEvent("alerts must be a non-empty array");
        }
        if (alerts.size() > MAX_ALERTS) {
            throw new MalformedEvent("more than " + MAX_ALERTS + " alerts in one payload");
        }
        Map<String, String> group = new LinkedHashMap<>();
        scalars(root, GROUP_FIELDS, group);
        if (grafana) {
            scalars(root, GRAFANA_GROUP_FIELDS, group);
        }
        List<AlertEvent> out = new ArrayList<>();
        int i = 0;
        for (JsonNode alert : alerts) {
            String where = "alerts[" + i++ + "]";
            if (!alert.isObject()) {
                throw new MalformedEvent(where + " must be an object");
            }
            String status = status(alert, where, null);
            Map<String, String> fields = new LinkedHashMap<>(group);
            scalars(alert, ALERT_FIELDS, fields);
            if (grafana) {
                scalars(alert, GRAFANA_ALERT_FIELDS, fields);
                // the query results the alert fired on, e.g. values.A = 96.2, for rules and params to use
                strings(alert.get("values"), where + ".values", false)
                        .forEach((name, value) -> fields.put("values." + name, value));
            }
            Map<String, String> labels = strings(alert.get("labels"), where + ".labels", true);
            out.add(new AlertEvent(
                    grafana ? "grafana" : "alertmanager",
                    status,
                    labels,
                    strings(alert.get("annotations"), where + ".annotations", false),
                    fields));
        }
        return out;
    }

    private static void scalars(JsonNode node, List<String> names, Map<String, String> into) {
        for (String f : names) {
            if (node.path(f).isValueNode() && !node.get(f).isNull()) {
                into.put(f, node.get(f).asText());
            }
        }
    }

    private static AlertEvent generic(JsonNode root) {
        String status = status(root, "event", AlertEvent.FIRING);
        Map<String, String> labels = strings(root.get("labels"), "labels", false);
        Map<String, String> fields = new LinkedHashMap<>(strings(root.get("fields"), "fields", false));
        root.properties().forEach(p -> {
            if (p.getValue().isValueNode()
                    && !p.getKey().equals("status")
                    && !p.getKey().equals("source")) {
                fields.putIfAbsent(p.getKey(), p.getValue().asText());
            }
        });
        if (labels.isEmpty() && fields.isEmpty()) {
            throw new MalformedEvent("a generic event needs labels or fields to match on");
        }
        String source = root.path("source").isValueNode() ? root.get("source").asText() : "generic";
        return new AlertEvent(source, status, labels, strings(root.get("annotations"), "annotations", false), fields);
    }

    private static String status(JsonNode node, String where, String fallback) {
        JsonNode s = node.get("status");
        if (s == null || s.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new MalformedEvent(where + ".status is missing (firing or resolved)");
        }
        if (!s.isTextual() || !STATUSES.contains(s.asText())) {
            throw new MalformedEvent(where + ".status must be firing or resolved, not " + s);
        }
        return s.asText();
    }

    private static Map<String, String> strings(JsonNode node, String where, boolean required) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            if (required) {
                throw new MalformedEvent(where + " is missing");
            }
            return out;
        }
        if (!node.isObject()) {
            throw new MalformedEvent(where + " must be an object of names to values");
        }
        node.properties().forEach(p -> {
            if (!p.getValue().isValueNode() || p.getValue().isNull()) {
                throw new MalformedEvent(where + "." + p.getKey() + " must be a string, number or boolean");
            }
            out.put(p.getKey(), p.getValue().asText());
        });
        return out;
    }
}
