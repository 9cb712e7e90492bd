package dev.tejun.kernel.harvest;

import java.util.List;

/**
 * One variable a file uses and every place that defines it; none means nothing does.
 *
 * @param name    the variable
 * @param sources its definitions, strongest last; empty when undefined
 */
public record Usage(String name, List<Source> sources) {

    public Usage {
        sources = List.copyOf(sources);
    }

    public boolean defined() {
        return !sources.isEmpty();
    }
}
