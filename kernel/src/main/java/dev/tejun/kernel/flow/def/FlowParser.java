package dev.tejun.kernel.flow.def;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code *.flow.yaml} file. Like the runbook parser it never throws for a bad file: what it cannot use
 * becomes a {@link Problem} naming the node, so {@code tejun check} can list every mistake at once. This class reads
 * the file's top level and finds lines; {@link NodeReader} reads each node's keys.
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
                    List<String> locks = new NodeReader(node.id(), lineOfNode(node.id()), n, problems).locks();
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
        NodeReader r = new NodeReader(id, line, n, problems);
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
