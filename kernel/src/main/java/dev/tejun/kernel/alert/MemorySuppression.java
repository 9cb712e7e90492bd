package dev.tejun.kernel.alert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Suppression state in maps; lost on restart. Callers ({@link Triage}) hold their own lock. */
final class MemorySuppression implements SuppressionState {

    private final Map<String, Deque<Instant>> runs = new HashMap<>();
    private final Map<String, Instant> quietUntil = new HashMap<>();

    @Override
    public List<Instant> runsAfter(String rule, String key, Instant from) {
        Deque<Instant> times = runs.getOrDefault(slot(rule, key), new ArrayDeque<>());
        times.removeIf(t -> !t.isAfter(from));
        return List.copyOf(times);
    }

    @Override
    public void ran(String rule, String key, Instant at) {
        runs.computeIfAbsent(slot(rule, key), k -> new ArrayDeque<>()).addLast(at);
    }

    @Override
    public Optional<Instant> quietUntil(String rule, String key) {
        return Optional.ofNullable(quietUntil.get(slot(rule, key)));
    }

    @Override
    public void quiet(String rule, String key, Instant until) {
        quietUntil.put(slot(rule, key), until);
    }

    private final Map<String, Map<String, Instant>> windows = new HashMap<>();

    @Override
    public List<String> seen(String rule, String key, Instant from) {
        Map<String, Instant> w = windows.getOrDefault(slot(rule, key), Map.of());
        return w.entrySet().stream()
                .filter(e -> e.getValue().isAfter(from))
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public void saw(String rule, String key, String value, Instant at) {
        windows.computeIfAbsent(slot(rule, key), k -> new java.util.LinkedHashMap<>())
                .put(value, at);
    }

    @Override
    public void forget(String rule, String key) {
        windows.remove(slot(rule, key));
    }

    private static String slot(String rule, String key) {
        return rule + "\u0000" + key;
    }
}
