package dev.tejun.kernel.runbook;

import java.util.List;

/**
 * A runbook parameter declared in front matter, e.g. {@code env: { default: staging, enum: [staging, prod] }}.
 *
 * @param type one of {@code string}, {@code boolean}, {@code integer}, {@code number}
 * @param defaultValue the default as text, or null when the parameter is required
 * @param allowed the {@code enum} values, empty when any value is allowed
 */
public record ParamSpec(
        String name, String type, String defaultValue, List<String> allowed, boolean secret, String description) {

    public ParamSpec {
        type = type == null ? "string" : type;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
