package dev.tejun.kernel.alert;

import java.util.Map;
import java.util.Optional;

/**
 * One alert or event, as rules see it. Rules and param templates name its parts as {@code status},
 * {@code source}, {@code labels.NAME}, {@code annotations.NAME} and {@code fields.NAME}.
 *
 * @param source {@code alertmanager} or the generic event's own {@code source}
 * @param status {@code firing} or {@code resolved}
 * @param fields everything else worth matching on (Alertmanager: receiver, fingerprint, startsAt, …)
 */
public record AlertEvent(
        String source,
        String status,
        Map<String, String> labels,
        Map<String, String> annotations,
        Map<String, String> fields) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public AlertEvent {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        fields = Map.copyOf(fields);
    }

    /** This event with one more field (or one replaced). */
    public AlertEvent withField(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(fields);
        more.put(name, value);
        return new AlertEvent(source, status, labels, annotations, more);
    }

    /** The value a reference names, e.g. {@code labels.instance}; empty when the event has none. */
    public Optional<String> value(String ref) {
        if (ref.equals("status")) {
            return Optional.of(status);
        }
        if (ref.equals("source")) {
            return Optional.ofNullable(source);
        }
        int dot = ref.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String name = ref.substring(dot + 1);
        return switch (ref.substring(0, dot)) {
            case "labels" -> Optional.ofNullable(labels.get(name));
            case "annotations" -> Optional.ofNullable(annotations.get(name));
            case "fields" -> Optional.ofNullable(fields.get(name));
            default -> Optional.empty();
        };
    }
}
