package dev.tejun.server.events.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One monitoring source as GET /api/event-sources shows it (never its secret).
 *
 * @param format    {@code alertmanager}, {@code grafana}, {@code zabbix}, {@code cloudevents} or {@code json}
 * @param mapping   the JSON Pointers a {@code json} source is read with; null for the others
 * @param key       the event fields whose values are its identity ({@code labels.host}); empty: the source's own
 *                  fingerprint, else all labels
 * @param auth      {@code bearer}, {@code basic} or {@code hmac}
 * @param username  the basic-auth user name; null for the others
 */
public record EventSource(
        String name,
        String format,
        JsonNode mapping,
        List<String> key,
        String auth,
        String username,
        String createdBy,
        Instant createdAt) {

    public static final List<String> AUTHS = List.of("bearer", "basic", "hmac");

    public EventSource {
        key = List.copyOf(key);
    }

    /** The path its events are posted to. */
    public String endpoint() {
        return "/api/events/in/" + name;
    }
}
