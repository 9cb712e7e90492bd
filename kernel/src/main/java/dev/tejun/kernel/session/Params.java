package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves a run's parameter values from the front matter's declarations and the values a user gave. */
public final class Params {

    private Params() {}

    /** Thrown when given values do not fit the declarations; the message lists every problem. */
    public static final class InvalidParams extends IllegalArgumentException {
        private final List<String> problems;

        InvalidParams(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static Map<String, String> resolve(Metadata metadata, Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            if (!metadata.params().containsKey(name)) {
                problems.add("unknown param '" + name + "'" + known(metadata));
            }
        }
        for (ParamSpec spec : metadata.params().values()) {
            String value = given.getOrDefault(spec.name(), spec.defaultValue());
            if (value == null) {
                problems.add("missing param '" + spec.name() + "'");
                continue;
            }
            String problem = typeProblem(spec, value);
            if (problem != null) {
                problems.add(problem);
            }
            values.put(spec.name(), value);
        }
        if (!problems.isEmpty()) {
            throw new InvalidParams(problems);
        }
        return values;
    }

    private static String known(Metadata metadata) {
        return metadata.params().isEmpty()
                ? " (the runbook declares none)"
                : " (declared: " + String.join(", ", metadata.params().keySet()) + ")";
    }

    private static String typeProblem(ParamSpec spec, String value) {
        // A secret's value is never repeated: the message goes to logs, browsers and the audit log.
        String given = spec.secret() ? "" : ", not '" + value + "'";
        if (!spec.allowed().isEmpty() && !spec.allowed().contains(value)) {
            return "param '" + spec.name() + "' must be one of "
                    + (spec.secret() ? "its allowed values" : spec.allowed()) + given;
        }
        return switch (spec.type()) {
            case "boolean" ->
                value.equals("true") || value.equals("false")
                        ? null
                        : "param '" + spec.name() + "' must be true or false" + given;
            case "integer" -> value.matches("-?\\d+") ? null : "param '" + spec.name() + "' must be an integer" + given;
            case "number" ->
                value.matches("-?\\d+(\\.\\d+)?") ? null : "param '" + spec.name() + "' must be a number" + given;
            default -> null;
        };
    }
}
