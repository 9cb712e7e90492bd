package dev.tejun.kernel.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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

    /** These factories plus those of {@code extra} whose languages this registry does not have yet. */
    public ExecutorRegistry with(List<ExecutorFactory> extra) {
        Set<ExecutorFactory> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ExecutorFactory> all = new ArrayList<>();
        for (ExecutorFactory f : byLanguage.values()) {
            if (seen.add(f)) {
                all.add(f);
            }
        }
        for (ExecutorFactory f : extra) {
            if (f.languages().stream().noneMatch(byLanguage::containsKey)) {
                all.add(f);
            }
        }
        return new ExecutorRegistry(all);
    }

    /** These factories with {@code replacement} instead of the one that now serves its languages. */
    public ExecutorRegistry replacing(ExecutorFactory replacement) {
        List<ExecutorFactory> all = new ArrayList<>();
        Set<ExecutorFactory> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, ExecutorFactory> e : byLanguage.entrySet()) {
            ExecutorFactory f = replacement.languages().contains(e.getKey()) ? replacement : e.getValue();
            if (seen.add(f)) {
                all.add(f);
            }
        }
        if (seen.add(replacement)) {
            all.add(replacement);
        }
        return new ExecutorRegistry(all);
    }

    public Set<String> languages() {
        return byLanguage.keySet();
    }

    /** Lets every factory go of what it made ready for sessions and no session took ({@link ExecutorFactory#close}). */
    public void close() {
        Set<ExecutorFactory> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ExecutorFactory f : byLanguage.values()) {
            if (seen.add(f)) {
                f.close();
            }
        }
    }
}
