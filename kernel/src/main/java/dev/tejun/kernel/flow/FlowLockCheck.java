package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.guard.locks.LockDeclaration;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tejun check} on a flow's locks (issue 23): the top level's {@code locks:} and {@code lock-policy:} in the
 * shapes {@link LockDeclaration} reads, and every lock name, the flow's and each node's, one that can resolve: only
 * {@code ${params.NAME}} of a param the flow declares put in, and not empty, too long or holding a control character.
 * Without it a bad declaration would pass the check and fail each instance at its start. The flow parser reads the
 * shapes of a node's {@code locks:}; this reads what the lock table would make of them.
 */
final class FlowLockCheck {

    private static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z0-9_-]+)}");

    private FlowLockCheck() {}

    /** The problems of {@code def}'s locks, each on the line of the declaration it concerns in {@code text}. */
    static List<Problem> problems(FlowDefinition def, String text) {
        List<Problem> out = new ArrayList<>();
        LockDeclaration top = FlowLocks.declared(def);
        for (Problem p : top.problems()) {
            String key = p.message().startsWith("lock-policy") ? "lock-policy" : "locks";
            out.add(new Problem(p.severity(), topLine(text, key), p.message()));
        }
        int topLine = topLine(text, "locks");
        for (String name : top.templates()) {
            out.addAll(name(def, name, topLine, ""));
        }
        for (Map.Entry<String, List<String>> e : def.nodeLocks().entrySet()) {
            int line = FlowParser.lineOfNode(text, e.getKey());
            for (String name : e.getValue()) {
                out.addAll(name(def, name, line, "node '" + e.getKey() + "': "));
            }
        }
        return out;
    }

    /** What is wrong with one lock name template, as the lock table would resolve it. */
    private static List<Problem> name(FlowDefinition def, String template, int line, String where) {
        List<Problem> out = new ArrayList<>();
        Map<String, ParamSpec> params = def.metadata().params();
        Map<String, String> sample = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String param = m.group(1);
            ParamSpec spec = params.get(param);
            if (spec == null) {
                out.add(Problem.error(
                        line,
                        where + "locks: '" + template + "' refers to param " + param
                                + ", which the flow does not declare (declared: "
                                + (params.isEmpty() ? "none" : String.join(", ", params.keySet())) + ")"));
            } else if (spec.secret()) {
                out.add(Problem.warning(
                        line,
                        where + "locks: '" + template + "' puts secret param " + param
                                + " in a lock name, which shows in the lock table to every viewer"));
            }
            sample.put(param, "x");
        }
        if (PARAM.matcher(template).replaceAll("").contains("${")) {
            out.add(Problem.error(
                    line,
                    where + "locks: '" + template + "' holds a reference other than ${params.NAME}, which a lock"
                            + " name cannot resolve (it would be taken literally)"));
        }
        if (out.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            try {
                new LockDeclaration(List.of(template), LockDeclaration.Policy.QUEUE, List.of()).resolve(sample);
            } catch (IllegalArgumentException e) {
                out.add(Problem.error(line, where + e.getMessage()));
            }
        }
        return out;
    }

    /** The line of top-level key {@code key} (written at the start of a line), else 1. */
    private static int topLine(String text, String key) {
        Pattern p = Pattern.compile("^" + Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 1;
    }
}
