package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.EventPayloads;
import java.util.List;

/** How one source's posts become events: all of a post or none of it ({@link dev.tejun.kernel.alert.MalformedEvent}). */
public interface SourceFormat {

    /** The names a source may give as its {@code format}. */
    List<String> KINDS = List.of("alertmanager", "grafana", "zabbix", "cloudevents", "json");

    /** Alertmanager (version 4) and Grafana (version 1) webhooks, and Tejun's generic event, as POST /api/events takes. */
    SourceFormat WEBHOOK = d -> EventPayloads.parse(d.json());

    List<AlertEvent> read(Delivery delivery);

    /**
     * The format named {@code kind}; {@code mapping} is what {@code json} needs (see {@link JsonMapping}) and must be
     * absent for the others.
     *
     * @throws IllegalArgumentException naming what is wrong with the kind or the mapping
     */
    static SourceFormat of(String kind, JsonNode mapping) {
        boolean mapped = mapping != null && !mapping.isNull() && !mapping.isMissingNode();
        if ("json".equals(kind)) {
            if (!mapped) {
                throw new IllegalArgumentException("format json needs a mapping (JSON Pointers to the event's parts)");
            }
            return JsonMapping.of(mapping);
        }
        if (mapped) {
            throw new IllegalArgumentException("a mapping is only for format json, not " + kind);
        }
        return switch (kind == null ? "" : kind) {
            case "alertmanager", "grafana" -> WEBHOOK;
            case "zabbix" -> new ZabbixFormat();
            case "cloudevents" -> new CloudEventsFormat();
            default -> throw new IllegalArgumentException("format must be one of " + KINDS + ", not " + kind);
        };
    }
}
