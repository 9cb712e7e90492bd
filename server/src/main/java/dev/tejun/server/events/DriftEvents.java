package dev.tejun.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.server.audit.AuditEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift that appears is an event for the alert rules: each {@code drift.found} audit entry (a scheduled drift check
 * found cells that did not drift at its last look) becomes one event per sheet and host, source {@code drift},
 * {@code labels.alertname} {@code CmdbDrift}, {@code labels.sheet}, {@code labels.host}, {@code labels.columns}
 * (comma-separated) and {@code fields.expected.COLUMN} / {@code fields.actual.COLUMN} — so a rule can run a
 * remediation runbook with {@code host: "${labels.host}"}, hold it for an approver, or only tell a channel. Handed
 * to the rules off the auditing thread (their own audit entries would be appends inside an append).
 */
public final class DriftEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftEvents.class);
    public static final String SOURCE = "drift";
    public static final String ALERTNAME = "CmdbDrift";

    private final EventService events;
    private final ExecutorService handing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("drift-events").daemon().factory());

    public DriftEvents(EventService events) {
        this.events = events;
    }

    /** Audit entries just written: the {@code drift.found} ones go to the rules. */
    public void audited(List<AuditEntry> entries) {
        for (AuditEntry e : entries) {
            if (e.action().equals("drift.found")) {
                List<AlertEvent> found = events(e.detail());
                if (!found.isEmpty()) {
                    try {
                        handing.execute(() -> hand(found));
                    } catch (RuntimeException stopping) {
                        return;
                    }
                }
            }
        }
    }

    private void hand(List<AlertEvent> found) {
        try {
            events.receive(found, null);
        } catch (RuntimeException e) {
            LOG.warn("could not hand {} drift events to the rules", found.size(), e);
        }
    }

    /** One event per sheet and host of a {@code drift.found} detail's drifting cells. */
    static List<AlertEvent> events(String detail) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(detail == null ? "{}" : detail);
        } catch (java.io.IOException e) {
            return List.of();
        }
        Map<String, List<JsonNode>> byHost = new TreeMap<>();
        root.path("drifted")
                .forEach(c -> byHost.computeIfAbsent(
                                c.path("sheet").asText() + "\u0000"
                                        + c.path("host").asText(),
                                k -> new ArrayList<>())
                        .add(c));
        List<AlertEvent> out = new ArrayList<>();
        byHost.forEach((key, cells) -> {
            String[] sheetHost = key.split("\u0000", 2);
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> columns = new ArrayList<>();
            for (JsonNode c : cells) {
                String column = c.path("column").asText();
                columns.add(column);
                fields.put("expected." + column, c.path("expected").asText(""));
                fields.put("actual." + column, c.path("actual").asText(""));
            }
            fields.put("runbook", root.path("runbook").asText(""));
            out.add(new AlertEvent(
                    SOURCE,
                    AlertEvent.FIRING,
                    Map.of(
                            "alertname",
                            ALERTNAME,
                            "sheet",
                            sheetHost[0],
                            "host",
                            sheetHost[1],
                            "columns",
                            String.join(",", columns)),
                    Map.of(
                            "summary",
                            sheetHost[1] + " differs from sheet " + sheetHost[0] + " in " + String.join(", ", columns)),
                    fields));
        });
        return out;
    }

    @Override
    public void close() {
        handing.shutdownNow();
    }
}
