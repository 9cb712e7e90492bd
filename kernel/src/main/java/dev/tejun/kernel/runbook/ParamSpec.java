package dev.tejun.kernel.runbook;

import java.util.List;

/**
 * A runbook parameter declared in front matter, e.g. {@code env: { default: staging, enum: [staging, prod] }}.
 *
 * @param type one of {@code string}, {@code boolean}, {@code integer}, {@code number}
 * @param defaultValue the default as text, or null when the parameter is required
 * @param allowed the {@code enum} values, empty when any value is allowed
 * @param protectedValues the {@code protected} values: a run with one of them is a production run, which runs only
 *     content reviewed onto the release branch ({@code dev.tejun.kernel.folder.ReleaseGuard}); empty: none
 */
public record ParamSpec(
        String name,
        String type,
        String defaultValue,
        List<String> allowed,
        boolean secret,
        String description,
        List<String> protectedValues) {

    public ParamSpec {
        type = type == null ? "string" : type;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        protectedValues = protectedValues == null ? List.of() : List.copyOf(protectedValues);
    }

    /** A param with no protected values. */
    public ParamSpec(
            String name, String type, String defaultValue, List<String> allowed, boolean secret, String description) {
        this(name, type, defaultValue, allowed, secret, description, List.of());
    }

    public boolean required() {
        return defaultValue == null;
    }
}
