package dev.tejun.kernel.runbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pandoc-style attributes of a fence info string: {@code {#id .flag key=value key="quoted value"}}.
 * Order of {@code values} is the order in the file.
 */
public record Attributes(String id, List<String> classes, Map<String, String> values) {

    public static final Attributes NONE = new Attributes(null, List.of(), Map.of());

    public Attributes {
        classes = List.copyOf(classes);
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean flag(String key) {
        String v = values.get(key);
        return classes.contains(key) || "true".equalsIgnoreCase(v);
    }
}
