package dev.tejun.kernel.flow.def;

import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed flow as a whole: the graph ({@link FlowGraphCheck}: every node reachable from the start, connected,
 * no cycles, merges only where parallel paths meet) and what it refers to (runbooks and called flows exist in the
 * runbooks folder, and the params given to them satisfy their declarations). Every problem names its node.
 */
final class FlowValidator {

    private static final Pattern GOOD_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final FlowDefinition def;
    private final String text;
    private final RunbookFolder folder;
    private final List<String> callStack;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Node> byId = new LinkedHashMap<>();
    private FlowGraphCheck graph;

    private FlowValidator(FlowDefinition def, String text, RunbookFolder folder, List<String> callStack) {
        this.def = def;
        this.text = text;
        this.folder = folder;
        this.callStack = callStack;
    }

    /** {@code callStack} is the chain of flows that led here (this one last), to refuse a flow calling itself. */
    static List<Problem> validate(FlowParser.Parsed parsed, String text, RunbookFolder folder, List<String> callStack) {
        FlowValidator v = new FlowValidator(parsed.definition(), text, folder, callStack);
        v.problems.addAll(parsed.problems());
        v.run();
        v.problems.sort(Comparator.comparingInt(Problem::line));
        return List.copyOf(v.problems);
    }

    private void error(Node n, String message) {
        problems.add(Problem.error(FlowParser.lineOfNode(text, n.id()), "node '" + n.id() + "': " + message));
    }

    private void run() {
        for (Node n : def.nodes()) {
            if (byId.putIfAbsent(n.id(), n) != null) {
                error(n, "the id is used by another node too");
            } else if (!GOOD_ID.matcher(n.id()).matches()) {
                error(n, "an id may use only letters, digits, '-' and '_'");
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        graph = new FlowGraphCheck(def, byId, this::error, problems);
        if (!graph.edges()) {
            return;
        }
        boolean acyclic = graph.noCycles();
        graph.reachable();
        if (acyclic) {
            graph.merges();
            graph.parallelPaths();
        }
        for (Node n : def.nodes()) {
            switch (n) {
                case Node.RunbookNode r -> runbook(r);
                case Node.CallNode c -> call(c);
                case Node.ForEachNode f -> forEach(f);
                case Node.BranchNode b -> branch(b, acyclic);
                default -> {}
            }
        }
    }

    private void runbook(Node.RunbookNode r) {
        Metadata meta = metadata(r, r.runbook());
        if (meta == null) {
            return;
        }
        Map<String, String> given = new LinkedHashMap<>(r.params());
        if (r.operation() != null) {
            if (!meta.params().containsKey("operation")) {
                error(
                        r,
                        "has an operation, but runbook " + r.runbook()
                                + " declares no param 'operation' to receive it");
            }
            given.put("operation", r.operation());
        }
        params(r, "runbook " + r.runbook(), meta, given);
    }

    /** The front matter of a node's runbook; null (with the error reported) when it cannot be read. */
    private Metadata metadata(Node n, String runbook) {
        if (runbook == null) {
            return null;
        }
        try {
            Path path = folder.resolve(runbook);
            if (!Files.isRegularFile(path)) {
                error(n, "runbook " + runbook + " does not exist in the runbooks folder");
                return null;
            }
            return RunbookFormat.parse(Files.readString(path, StandardCharsets.UTF_8))
                    .metadata();
        } catch (RunbookFolder.OutsideFolder | IOException e) {
            error(n, "runbook " + runbook + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The runbook (or the flow, run once per host as a call node runs it) takes each host as param {@code host};
     * the batch policy reads as on an ssh cell.
     */
    private void forEach(Node.ForEachNode f) {
        try {
            Batches.read(new CellSettings(new Attributes(f.id(), List.of(), f.batches())));
        } catch (CellSettings.Refused e) {
            error(f, e.getMessage());
        }
        references(f, f.hosts());
        if ((f.runbook() == null) == (f.flow() == null)) {
            error(f, "a for-each node names either a runbook or a flow to run per host, one of the two");
            return;
        }
        Map<String, String> given = new LinkedHashMap<>(f.params());
        given.put("host", "host");
        if (f.flow() != null) {
            call(new Node.CallNode(f.id(), f.flow(), given, f.next()));
            return;
        }
        Metadata meta = metadata(f, f.runbook());
        if (meta == null) {
            return;
        }
        if (!meta.params().containsKey("host")) {
            error(f, "runbook " + f.runbook() + " declares no param 'host' to receive each host");
        }
        params(f, "runbook " + f.runbook(), meta, given);
    }

    private void call(Node.CallNode c) {
        if (c.flow() == null) {
            return;
        }
        if (callStack.contains(c.flow())) {
            error(
                    c,
                    "calls flow " + c.flow() + ", which is already being called (" + String.join(" -> ", callStack)
                            + ")");
            return;
        }
        FlowFiles.Loaded called;
        if (!c.flow().endsWith(FlowDefinition.SUFFIX)) {
            error(c, "flow " + c.flow() + ": a flow file name ends with " + FlowDefinition.SUFFIX);
            return;
        }
        try {
            Path path = folder.resolve(c.flow());
            if (!Files.isRegularFile(path)) {
                error(c, "flow " + c.flow() + " does not exist in the runbooks folder");
                return;
            }
            String calledText = Files.readString(path, StandardCharsets.UTF_8);
            List<String> stack = new ArrayList<>(callStack);
            stack.add(c.flow());
            FlowParser.Parsed parsed = FlowParser.parse(c.flow(), calledText);
            called = new FlowFiles.Loaded(calledText, parsed.definition(), validate(parsed, calledText, folder, stack));
        } catch (RunbookFolder.OutsideFolder | IOException e) {
            error(c, "flow " + c.flow() + ": " + e.getMessage());
            return;
        }
        if (!called.ok()) {
            called.problems().stream()
                    .filter(p -> p.severity() == Problem.Severity.ERROR)
                    .findFirst()
                    .ifPresent(p -> error(c, "called flow " + c.flow() + " is not valid: " + p.message()));
            return;
        }
        params(c, "flow " + c.flow(), called.definition().metadata(), c.params());
    }

    /**
     * Checks given values against the declarations. A value computed from a reference is only known when the
     * node starts, so here it stands in as a value of the declared type; its references are checked instead.
     */
    private void params(Node n, String target, Metadata meta, Map<String, String> given) {
        Map<String, String> sample = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            references(n, v);
            sample.put(
                    k,
                    !Template.FLOWS.references(v).isEmpty()
                            ? placeholder(meta.params().get(k))
                            : v);
        });
        try {
            Params.resolve(meta, sample);
        } catch (Params.InvalidParams e) {
            e.problems().forEach(p -> error(n, target + ": " + p));
        }
    }

    private void references(Node n, String value) {
        Set<String> before = graph.ancestors(n.id());
        for (String ref : Template.FLOWS.names(value)) {
            if (ref.startsWith("params.")) {
                if (!def.metadata().params().containsKey(ref.substring("params.".length()))) {
                    error(n, "${" + ref + "} refers to a param the flow does not declare");
                }
                continue;
            }
            String node = nodeOf(ref);
            if (node == null) {
                error(n, "${" + ref + "} must look like ${nodes.NODE.CELL.FIELD}");
            } else if (!(byId.get(node) instanceof Node.RunbookNode || byId.get(node) instanceof Node.ForEachNode)
                    || !before.contains(node)) {
                error(n, "${" + ref + "} must name a runbook or for-each node that runs before this one");
            }
        }
    }

    /** For {@code nodes.NODE.CELL.FIELD}: the node id, or null when the reference is not of that form. */
    private static String nodeOf(String ref) {
        String[] parts = ref.split("\\.");
        return parts.length == 4 && parts[0].equals("nodes") ? parts[1] : null;
    }

    private static String placeholder(ParamSpec spec) {
        if (spec == null) {
            return "";
        }
        if (!spec.allowed().isEmpty()) {
            return spec.allowed().getFirst();
        }
        return switch (spec.type()) {
            case "boolean" -> "true";
            case "integer", "number" -> "0";
            default -> "value";
        };
    }

    private void branch(Node.BranchNode b, boolean acyclic) {
        if (b.successors().isEmpty()) {
            error(b, "a branch needs on:, when: or default: to choose a next node");
        }
        if (acyclic) {
            b.when().forEach(w -> references(b, w.value()));
        }
    }
}
