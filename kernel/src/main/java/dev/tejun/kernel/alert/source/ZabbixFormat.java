package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Zabbix's webhook media type: its script posts the media type's parameters as one JSON object, each a Zabbix macro
 * resolved for the problem ({@code "event_id": "{EVENT.ID}"}). Names are read without regard to case, with {@code .}
 * and {@code _} alike, so {@code EVENT.ID} and {@code event_id} are the same parameter.
 *
 * <ul>
 *   <li>{@code event_id} (required) is the problem's id; Zabbix gives the same id in the recovery message, so the
 *       event's fingerprint {@code zabbix-ID} matches a recovery to its problem.
 *   <li>status: {@code event_value} 1 (problem) or 0 (ok), else {@code event_status}/{@code trigger_status}
 *       ({@code PROBLEM}, {@code RESOLVED}/{@code OK}).
 *   <li>labels: {@code alertname} from {@code event_name} or {@code trigger_name} (required), {@code host} from
 *       {@code host_name} or {@code host_host}, {@code severity} from {@code event_severity} or
 *       {@code trigger_severity}, and each tag ({@code event_tagsjson} as Zabbix renders {@code {EVENT.TAGSJSON}}, or
 *       {@code event_tags} as {@code name:value, name:value}).
 *   <li>fields: every other parameter under its lower-case name.
 * </ul>
 *
 * A parameter still holding an unresolved macro ({@code {EVENT.RECOVERY.ID}} in a problem message) counts as absent.
 */
final class ZabbixFormat implements SourceFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MACRO = Pattern.compile("\\{[A-Z0-9_.$#:]+}");
    private static final List<String> LABEL_PARAMS =
            List.of("event_name", "trigger_name", "host_name", "host_host", "event_severity", "trigger_severity");

    @Override
    public List<AlertEvent> read(Delivery delivery) {
        JsonNode root = delivery.json();
        if (!root.isObject()) {
            throw new MalformedEvent("a Zabbix webhook posts one JSON object of its parameters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode tagsJson = null;
        for (var p : (Iterable<Map.Entry<String, JsonNode>>) root.properties()::iterator) {
            String name = p.getKey().toLowerCase(Locale.ROOT).replace('.', '_');
            if (name.equals("event_tagsjson") && p.getValue().isArray()) {
                tagsJson = p.getValue();
                continue;
            }
            String value = Scalars.text(p.getValue());
            if (value == null) {
                throw new MalformedEvent("parameter " + p.getKey() + " must be a string or number");
            }
            if (!MACRO.matcher(value.strip()).matches()) {
                params.put(name, value);
            }
        }
        String id = first(params, "event_id", "eventid");
        if (id == null || id.isBlank()) {
            throw new MalformedEvent("event_id is missing (the media type's parameter {EVENT.ID})");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        tags(params, tagsJson, labels);
        put(labels, "alertname", first(params, "event_name", "trigger_name"));
        if (!labels.containsKey("alertname")) {
            throw new MalformedEvent("event_name is missing (the media type's parameter {EVENT.NAME})");
        }
        put(labels, "host", first(params, "host_name", "host_host"));
        put(labels, "severity", first(params, "event_severity", "trigger_severity"));
        Map<String, String> fields = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (!LABEL_PARAMS.contains(name) && !name.equals("event_tags") && !name.equals("event_tagsjson")) {
                fields.put(name, value);
            }
        });
        fields.put("fingerprint", "zabbix-" + id);
        return List.of(new AlertEvent("zabbix", status(params), labels, Map.of(), fields));
    }

    private static String status(Map<String, String> params) {
        String value = params.get("event_value");
        if (value != null) {
            return switch (value.strip()) {
                case "1" -> AlertEvent.FIRING;
                case "0" -> AlertEvent.RESOLVED;
                default -> throw new MalformedEvent("event_value must be 1 (problem) or 0 (ok), not " + value);
            };
        }
        String word = first(params, "event_status", "trigger_status", "status");
        if (word == null) {
            throw new MalformedEvent("the status is missing: send event_value ({EVENT.VALUE}) or event_status");
        }
        return switch (word.strip().toUpperCase(Locale.ROOT)) {
            case "PROBLEM" -> AlertEvent.FIRING;
            case "RESOLVED", "OK" -> AlertEvent.RESOLVED;
            default -> throw new MalformedEvent("event_status must be PROBLEM, RESOLVED or OK, not " + word);
        };
    }

    private static void tags(Map<String, String> params, JsonNode tagsJson, Map<String, String> labels) {
        JsonNode list = tagsJson;
        String rendered = params.get("event_tagsjson");
        if (list == null && rendered != null && !rendered.isBlank()) {
            try {
                list = JSON.readTree(rendered);
            } catch (java.io.IOException e) {
                throw new MalformedEvent("event_tagsjson is not JSON: " + e.getMessage());
            }
        }
        if (list != null) {
            if (!list.isArray()) {
                throw new MalformedEvent("event_tagsjson must be a list of {tag, value}");
            }
            for (JsonNode t : list) {
                String tag = Scalars.text(t.get("tag"));
                if (tag == null) {
                    throw new MalformedEvent("each of event_tagsjson needs a tag");
                }
                labels.put(tag, Scalars.text(t.get("value")) == null ? "" : Scalars.text(t.get("value")));
            }
            return;
        }
        String tags = params.get("event_tags");
        if (tags == null) {
            return;
        }
        for (String pair : tags.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            labels.put(
                    (colon < 0 ? pair : pair.substring(0, colon)).strip(),
                    colon < 0 ? "" : pair.substring(colon + 1).strip());
        }
    }

    private static String first(Map<String, String> params, String... names) {
        for (String n : names) {
            String v = params.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null) {
            labels.put(name, value);
        }
    }
}
