package dev.tejun.kernel.flow.def;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code *.flow.yaml} file. Like the runbook parser it never throws for a bad file: what it cannot use
 * becomes a {@link Problem} naming the node, so {@code tejun check} can list every mistake at once.
 */
public final class FlowParser {

    /** The definition (with the nodes that could be read) and what was wrong. */
    public record Parsed(FlowDefinition definition, List<Problem> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    private static final YAMLMapper YAML = Json.YAML;
    private static final Set<String> TOP_KEYS = Set.of(
            "title",
            "params",
            "start",
            "nodes",
            "description",
            "requires",
            FlowDefinition.APPROVER_NOT_STARTER,
            // the maintenance windows a flow obeys (guard.windows.WindowRules reads them)
            "windows",
            "blackouts",
            "window-policy",
            // the resource locks the whole instance holds (guard.locks.LockDeclaration reads them)
            "locks",
            "lock-policy");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "runbook", Set.of("runbook", "params", "operation", "locks", "next"),
            "branch", Set.of("when", "on", "default"),
            "parallel", Set.of("next"),
            "merge", Set.of("on-failure", "next"),
            "pause", Set.of("message", "timeout", "on-timeout", "approver", "next"),
            "call", Set.of("flow", "params", "locks", "next"),
            "for-each",
                    Set.of(
                            "hosts",
                            "runbook",
                            "flow",
                            "params",
                            "batch",
                            "max-fail",
                            "pause-between",
                            "retry",
                            "locks",
                            "next"),
            "end", Set.of("result"));
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String text;
    private final List<Problem> problems = new ArrayList<>();

    private FlowParser(String text) {
        this.text = text;
    }

    public static Parsed parse(String name, String text) {
        return new FlowParser(text).read(name);
    }

    private Parsed read(String name) {
        JsonNode root;
        try {
            root = Json.STRICT_YAML.readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(Problem.error(
                    line,
                    "not valid YAML: "
                            + e.getOriginalMessage().lines().findFirst().orElse("")));
            return new Parsed(new FlowDefinition(name, Metadata.EMPTY, null, List.of()), problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(Problem.error(1, "a flow file must be a YAML mapping with title, params and nodes"));
            return new Parsed(new FlowDefinition(name, Metadata.EMPTY, null, List.of()), problems);
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_KEYS.contains(k)) {
                problems.add(Problem.warning(lineOf("^\\s*" + Pattern.quote(k) + "\\s*:"), "unknown key '" + k + "'"));
            }
        });
        Metadata metadata = header(root);
        List<Node> nodes = new ArrayList<>();
        Map<String, List<String>> nodeLocks = new LinkedHashMap<>();
        JsonNode list = root.path("nodes");
        if (!list.isArray() || list.isEmpty()) {
            problems.add(Problem.error(lineOf("^\\s*nodes\\s*:"), "nodes: must be a non-empty list of nodes"));
        } else {
            int index = 0;
            for (JsonNode n : list) {
                index++;
                Node node = node(n, index);
                if (node != null) {
                    nodes.add(node);
                    List<String> locks = new Reader(node.id(), lineOfNode(node.id()), n).locks();
                    if (!locks.isEmpty()) {
                        nodeLocks.put(node.id(), locks);
                    }
                }
            }
        }
        String start = root.hasNonNull("start")
                ? root.get("start").asText()
                : nodes.isEmpty() ? null : nodes.getFirst().id();
        return new Parsed(new FlowDefinition(name, metadata, start, nodes, nodeLocks), problems);
    }

    /**
     * Title, params, requires and approver-not-starter are read by the runbook front-matter reader, so a flow
     * declares them exactly as a runbook does (same types, enums, defaults and the same checks).
     */
    private Metadata header(JsonNode root) {
        Map<String, Object> header = new LinkedHashMap<>();
        for (String key :
                List.of("title", "params", "requires", FlowDefinition.APPROVER_NOT_STARTER, "locks", "lock-policy")) {
            if (root.has(key)) {
                header.put(key, YAML.convertValue(root.get(key), Object.class));
            }
        }
        if (header.isEmpty()) {
            return Metadata.EMPTY;
        }
        try {
            String yaml = YAML.writeValueAsString(header).replaceFirst("^---\\s*\n", "");
            var runbook = RunbookFormat.parse("---\n" + yaml + "---\n");
            for (Problem p : runbook.problems()) {
                problems.add(new Problem(p.severity(), lineOf("^\\s*params\\s*:"), p.message()));
            }
            return runbook.metadata();
        } catch (JacksonException e) {
            problems.add(Problem.error(1, "cannot read title/params: " + e.getOriginalMessage()));
            return Metadata.EMPTY;
        }
    }

    private Node node(JsonNode n, int index) {
        if (!n.isObject() || !n.hasNonNull("id")) {
            problems.add(Problem.error(0, "node #" + index + " has no id"));
            return null;
        }
        String id = n.get("id").asText();
        String type = n.path("type").asText(null);
        int line = lineOfNode(id);
        if (type == null || !KEYS.containsKey(type)) {
            problems.add(Problem.error(
                    line,
                    "node '" + id + "': type must be one of "
                            + KEYS.keySet().stream().sorted().toList()));
            return null;
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!k.equals("id") && !k.equals("type") && !KEYS.get(type).contains(k)) {
                problems.add(Problem.warning(line, "node '" + id + "': a " + type + " node has no key '" + k + "'"));
            }
        });
        Reader r = new Reader(id, line, n);
        return switch (type) {
            case "runbook" ->
                new Node.RunbookNode(id, r.required("runbook"), r.params(), r.text("operation"), r.next());
            case "branch" -> new Node.BranchNode(id, r.when(), r.on(), r.text("default"));
            case "parallel" -> new Node.ParallelNode(id, r.nextList());
            case "merge" -> new Node.MergeNode(id, r.onFailure(), r.next());
            case "pause" ->
                new Node.PauseNode(
                        id, r.text("message"), r.timeout(), r.approveOnTimeout(), r.role("approver"), r.next());
            case "call" -> new Node.CallNode(id, r.required("flow"), r.params(), r.next());
            case "for-each" ->
                new Node.ForEachNode(
                        id,
                        r.required("hosts"),
                        r.text("runbook"),
                        r.text("flow"),
                        r.params(),
                        r.batches(),
                        r.retry(),
                        r.next());
            default -> new Node.EndNode(id, r.result());
        };
    }

    /** Reads one node's keys, reporting problems under the node's id and line. */
    private final class Reader {
        private final String id;
        private final int line;
        private final JsonNode n;

        Reader(String id, int line, JsonNode n) {
            this.id = id;
            this.line = line;
            this.n = n;
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

    /** Line of {@code id: ID} in the file; the YAML tree keeps no positions. */
    private int lineOfNode(String id) {
        // block style "- id: x" or flow style "- { id: x, ... }"
        return lineOf("(?:^|[{,\\s])id\\s*:\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*(?:[,}#]|$)");
    }

    private int lineOf(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        return m.find()
                ? (int) text.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1
                : 0;
    }

    /** For the validator: the line where node {@code id} is declared, 0 when unknown. */
    public static int lineOfNode(String text, String id) {
        return new FlowParser(text).lineOfNode(id);
    }
}
