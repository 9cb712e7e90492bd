package dev.tejun.kernel.flow.def;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.runbook.Problem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one node's keys for {@link FlowParser}, reporting problems under the node's id and line: each key's type,
 * allowed values and defaults. Like the parser it never throws; what it cannot use becomes a {@link Problem}.
 */
final class NodeReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String id;
    private final int line;
    private final JsonNode n;
    private final List<Problem> problems;

    NodeReader(String id, int line, JsonNode n, List<Problem> problems) {
        this.id = id;
        this.line = line;
        this.n = n;
        this.problems = problems;
    }

    private void error(String message) {
        problems.add(Problem.error(line, "node '" + id + "': " + message));
    }

    String text(String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            error(key + " must be a single value");
            return null;
        }
        return v.asText();
    }

    /** A role name ({@link RunbookCheck#ROLES}), or null when the key is absent. */
    String role(String key) {
        String v = text(key);
        if (v != null && !RunbookCheck.ROLES.contains(v)) {
            error(key + ": unknown role '" + v + "' (known: "
                    + RunbookCheck.ROLES.stream().sorted().toList() + ")");
        }
        return v;
    }

    /** A node's {@code locks:}: a list of lock names or one comma-separated text, as a cell's attribute. */
    List<String> locks() {
        JsonNode v = n.get("locks");
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            for (JsonNode x : v) {
                if (x.isValueNode() && !x.asText().isBlank()) {
                    out.add(x.asText().strip());
                } else {
                    error("locks: each entry must be a lock name such as db:${params.db}");
                }
            }
        } else if (v.isValueNode()) {
            for (String name : v.asText().split(",")) {
                if (!name.isBlank()) {
                    out.add(name.strip());
                }
            }
        } else {
            error("locks must be a list of lock names, e.g. [\"db:${params.db}\"]");
        }
        return out;
    }

    String required(String key) {
        String v = text(key);
        if (v == null || v.isBlank()) {
            error(key + ": is required");
        }
        return v;
    }

    /** {@code batch}, {@code max-fail} and {@code pause-between} as written; the validator reads them. */
    Map<String, String> batches() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of("batch", "max-fail", "pause-between")) {
            String v = text(key);
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    int retry() {
        String v = text("retry");
        if (v == null) {
            return 0;
        }
        if (!v.strip().matches("\\d{1,2}")) {
            error("retry must be a count from 0 to 99, not '" + v + "'");
            return 0;
        }
        return Integer.parseInt(v.strip());
    }

    Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p == null || p.isNull()) {
            return out;
        }
        if (!p.isObject()) {
            error("params must be a mapping of name to value");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (!e.getValue().isValueNode()) {
                error("param '" + e.getKey() + "' must be a single value");
            } else if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    String next() {
        JsonNode v = n.get("next");
        if (v != null && v.isArray()) {
            error("only a parallel node has several next nodes");
            return null;
        }
        return text("next");
    }

    List<String> nextList() {
        JsonNode v = n.get("next");
        List<String> out = new ArrayList<>();
        if (v == null || !v.isArray()) {
            error("a parallel node needs next: [a list of nodes]");
            return out;
        }
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    List<Node.When> when() {
        List<Node.When> out = new ArrayList<>();
        JsonNode w = n.get("when");
        if (w == null || w.isNull()) {
            return out;
        }
        if (!w.isArray()) {
            error("when must be a list of { value, equals, next }");
            return out;
        }
        for (JsonNode item : w) {
            String value = item.path("value").asText(null);
            JsonNode eq = item.get("equals");
            String next = item.path("next").asText(null);
            if (value == null || eq == null || !eq.isValueNode() || next == null) {
                error("each when needs value, equals and next");
                continue;
            }
            out.add(new Node.When(value, eq.asText(), next));
        }
        return out;
    }

    Map<Outcome, String> on() {
        Map<Outcome, String> out = new LinkedHashMap<>();
        JsonNode on = n.get("on");
        if (on == null || on.isNull()) {
            return out;
        }
        if (!on.isObject()) {
            error("on must map results (ok, warning, failed, stopped, skipped) to next nodes");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : on.properties()) {
            Outcome.parse(e.getKey())
                    .ifPresentOrElse(
                            o -> out.put(o, e.getValue().asText()),
                            () -> error("on: '" + e.getKey()
                                    + "' is not a result (ok, warning, failed, stopped, skipped)"));
        }
        return out;
    }

    Node.OnFailure onFailure() {
        String v = text("on-failure");
        if (v == null) {
            error("a merge must say on-failure: fail, continue or warn");
            return Node.OnFailure.FAIL;
        }
        return switch (v) {
            case "fail" -> Node.OnFailure.FAIL;
            case "continue" -> Node.OnFailure.CONTINUE;
            case "warn" -> Node.OnFailure.WARN;
            default -> {
                error("on-failure must be fail, continue or warn, not '" + v + "'");
                yield Node.OnFailure.FAIL;
            }
        };
    }

    Duration timeout() {
        String v = text("timeout");
        if (v == null) {
            return null;
        }
        Matcher m = DURATION.matcher(v.strip());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(v.strip());
        } catch (DateTimeParseException e) {
            error("timeout must look like 90s, 30m, 2h or PT30M, not '" + v + "'");
            return null;
        }
    }

    boolean approveOnTimeout() {
        String v = text("on-timeout");
        if (v == null) {
            return false;
        }
        if (!n.has("timeout")) {
            problems.add(Problem.warning(line, "node '" + id + "': on-timeout without a timeout never applies"));
        }
        if (!v.equals("approve") && !v.equals("reject")) {
            error("on-timeout must be approve or reject, not '" + v + "'");
        }
        return v.equals("approve");
    }

    Outcome result() {
        String v = text("result");
        if (v == null) {
            return Outcome.OK;
        }
        Outcome o = Outcome.parse(v).orElse(null);
        if (o != Outcome.OK && o != Outcome.WARNING && o != Outcome.FAILED) {
            error("result must be ok, warning or failed, not '" + v + "'");
            return Outcome.FAILED;
        }
        return o;
    }
}
