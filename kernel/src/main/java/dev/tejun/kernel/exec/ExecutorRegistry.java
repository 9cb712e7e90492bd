package dev.tejun.kernel.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The executor factories a server or CLI offers, by language. */
public final class ExecutorRegistry {

    private final Map<String, ExecutorFactory> byLanguage = new LinkedHashMap<>();

    public ExecutorRegistry(List<ExecutorFactory> factories) {
        for (ExecutorFactory f : factories) {
            for (String language : f.languages()) {
                if (byLanguage.putIfAbsent(language, f) != null) {
                    throw new IllegalArgumentException("two executors for language " + language);
                }
            }
        }
    }

    public Optional<ExecutorFactory> forLanguage(String language) {
        return Optional.ofNullable(byLanguage.get(language));
    }

    public Set<String> languages() {
        return byLanguage.keySet();
    }
}
