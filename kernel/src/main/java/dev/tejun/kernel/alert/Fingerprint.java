package dev.tejun.kernel.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event's identity, which de-duplicates re-sent firing events and matches a resolved event to its firing one: the
 * source's own fingerprint ({@code fields.fingerprint}: Alertmanager's and Grafana's, Zabbix's problem id), else a
 * hash of the source and every label (what Alertmanager's fingerprint is made of), or, when a source names key
 * fields, a hash of those.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** The identity of {@code event}, always prefixed with its source so two sources never share one. */
    public static String of(AlertEvent event) {
        String own = event.fields().get("fingerprint");
        if (own != null && !own.isBlank()) {
            return event.source() + "/" + own;
        }
        return event.source() + "/" + hash(new TreeMap<>(event.labels()).toString());
    }

    /** The identity made of the values {@code refs} name ({@code labels.host}, …); missing values count as empty. */
    public static String of(AlertEvent event, List<String> refs) {
        if (refs.isEmpty()) {
            return of(event);
        }
        StringBuilder key = new StringBuilder();
        for (String ref : refs) {
            key.append(ref).append('=').append(event.value(ref).orElse("")).append('\n');
        }
        return event.source() + "/key-" + hash(key.toString());
    }

    /** {@code event} with {@code fields.fingerprint} set to {@link #of(AlertEvent, List)} when {@code refs} are given. */
    public static AlertEvent keyed(AlertEvent event, List<String> refs) {
        if (refs.isEmpty()) {
            return event;
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>(event.fields());
        String id = of(event, refs);
        fields.put("fingerprint", id.substring(event.source().length() + 1));
        return new AlertEvent(event.source(), event.status(), event.labels(), event.annotations(), fields);
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
