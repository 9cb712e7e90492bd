package dev.tejun.kernel.runbook;

import java.util.List;
import java.util.Map;

/**
 * What the front matter says. Keys Tejun does not know stay in {@code extra} and are never lost,
 * because the file keeps the front matter text verbatim.
 */
public record Metadata(
        String title,
        Map<String, ParamSpec> params,
        List<String> requires,
        String schedule,
        Map<String, Object> extra) {

    public static final Metadata EMPTY = new Metadata(null, Map.of(), List.of(), null, Map.of());

    public Metadata {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        requires = List.copyOf(requires);
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /**
     * The runbook's tags, for lists and search: {@code tags: [patching, web]} or {@code tags: patching, web} in the
     * front matter; none when absent.
     */
    public List<String> tags() {
        Object value = extra.get("tags");
        if (value instanceof java.util.Collection<?> list) {
            return list.stream()
                    .map(String::valueOf)
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return java.util.Arrays.stream(s.split(","))
                    .map(String::strip)
                    .filter(t -> !t.isEmpty())
                    .toList();
        }
        return List.of();
    }
}
