package dev.tejun.kernel.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the front matter's YAML tree into {@link Metadata}. Anything it cannot use becomes a
 * {@link Problem} rather than an exception: a runbook with a typo in its params must still open.
 */
final class MetadataReader {

    static final Set<String> PARAM_TYPES = Set.of("string", "boolean", "integer", "number");
    private static final Set<String> PARAM_KEYS = Set.of(
            "default",
            "type",
            "enum",
            "secret",
            "description",
            // issue 23: choices fed by the CMDB, read by guard.choices.ParamChoices
            "choices",
            "depends-on",
            "multiple",
            // issue 21: values that make a run a production run (read by folder.ReleaseGuard)
            "protected");
    private static final ObjectMapper PLAIN = Json.MAPPER;

    private final String yaml;
    private final List<Problem> problems;

    /** @param yaml the text between the delimiters, only used to point problems at a line */
    MetadataReader(String yaml, List<Problem> problems) {
        this.yaml = yaml;
        this.problems = problems;
    }

    Metadata read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Metadata.EMPTY;
        }
        if (!root.isObject()) {
            problems.add(Problem.error(2, "front matter must be a YAML mapping (key: value lines)"));
            return Metadata.EMPTY;
        }
        String title = null;
        String schedule = null;
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        List<String> requires = List.of();
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "title" -> title = scalar("title", value);
                case "schedule" -> schedule = scalar("schedule", value);
                case "params" -> params = params(value);
                case "requires" -> requires = requires(value);
                default -> extra.put(field.getKey(), PLAIN.convertValue(value, Object.class));
            }
        }
        return new Metadata(title, params, requires, schedule, extra);
    }

    private Map<String, ParamSpec> params(JsonNode node) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        if (node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            problems.add(Problem.error(lineOf("params"), "params must be a mapping of name to settings"));
            return params;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            params.put(field.getKey(), param(field.getKey(), field.getValue()));
        }
        return params;
    }

    private ParamSpec param(String name, JsonNode node) {
        int line = lineOf(name);
        if (!node.isObject()) {
            // "name: value" is shorthand for "name: { default: value }"
            return new ParamSpec(name, null, text(node), List.of(), false, null);
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!PARAM_KEYS.contains(key)) {
                problems.add(Problem.warning(line, "param " + name + ": unknown setting '" + key + "'"));
            }
        });
        String type = node.hasNonNull("type") ? node.get("type").asText() : null;
        if (type != null && !PARAM_TYPES.contains(type)) {
            problems.add(Problem.error(line, "param " + name + ": type must be one of " + sorted(PARAM_TYPES)));
            type = null;
        }
        List<String> allowed = new ArrayList<>();
        JsonNode enumNode = node.path("enum");
        if (enumNode.isArray()) {
            enumNode.forEach(v -> allowed.add(text(v)));
        } else if (!enumNode.isMissingNode() && !enumNode.isNull()) {
            problems.add(Problem.error(line, "param " + name + ": enum must be a list"));
        }
        String defaultValue = text(node.path("default"));
        if (defaultValue != null && !allowed.isEmpty() && !allowed.contains(defaultValue)) {
            problems.add(
                    Problem.warning(line, "param " + name + ": default '" + defaultValue + "' is not in its enum"));
        }
        boolean secret = node.path("secret").asBoolean(false);
        String description = text(node.path("description"));
        List<String> protectedValues = new ArrayList<>();
        JsonNode protectedNode = node.path("protected");
        if (protectedNode.isArray()) {
            protectedNode.forEach(v -> protectedValues.add(text(v)));
        } else if (protectedNode.isValueNode() && !protectedNode.isNull()) {
            protectedValues.add(text(protectedNode));
        } else if (!protectedNode.isMissingNode() && !protectedNode.isNull()) {
            problems.add(Problem.error(line, "param " + name + ": protected must be a value or a list of values"));
        }
        for (String p : protectedValues) {
            if (!allowed.isEmpty() && !allowed.contains(p)) {
                problems.add(
                        Problem.warning(line, "param " + name + ": protected value '" + p + "' is not in its enum"));
            }
        }
        return new ParamSpec(name, type, defaultValue, allowed, secret, description, protectedValues);
    }

    private List<String> requires(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> roles = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> roles.add(v.asText()));
        } else if (!node.isNull()) {
            problems.add(Problem.error(lineOf("requires"), "requires must be a list of roles"));
        }
        return roles;
    }

    private String scalar(String key, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problems.add(Problem.error(lineOf(key), key + " must be a single value"));
            return null;
        }
        return node.asText();
    }

    /** A scalar as text (YAML {@code true} becomes "true"); null for missing or null. */
    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** File line of the first YAML line that starts with {@code key:}; the tree has no positions. */
    private int lineOf(String key) {
        Matcher m = Pattern.compile("^[ \\t]*[\"']?" + Pattern.quote(key) + "[\"']?[ \\t]*:", Pattern.MULTILINE)
                .matcher(yaml);
        if (!m.find()) {
            return 1;
        }
        // +1 for the opening "---" line, +1 because lines count from 1
        return Lines.of(yaml.substring(0, m.start())).count() + 2;
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
