package dev.tejun.kernel.template;

import java.util.List;
import java.util.Map;

/**
 * A text with its references put in.
 *
 * @param text      what runs
 * @param bound     values the text refers to by position instead of containing them ({@code ?} in SQL), in order
 * @param variables values the text refers to by name instead of containing them (Ansible extra vars, each to be
 *                  written as {@code !unsafe}), name → value
 */
public record Rendered(String text, List<String> bound, Map<String, String> variables) {

    public Rendered {
        bound = List.copyOf(bound);
        variables = Map.copyOf(variables);
    }

    /** A text that holds its values inline. */
    public static Rendered inline(String text) {
        return new Rendered(text, List.of(), Map.of());
    }
}
