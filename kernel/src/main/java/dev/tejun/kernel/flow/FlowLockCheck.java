package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.guard.locks.LockDeclaration;
import dev.tejun.kernel.guard.locks.LockNameCheck;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun check} on a flow's locks (issue 23): the top level's {@code locks:} and {@code lock-policy:} in the
 * shapes {@link LockDeclaration} reads, and every lock name, the flow's and each node's, one that can resolve: only
 * {@code ${params.NAME}} of a param the flow declares put in ({@link LockNameCheck}, as for a runbook's locks).
 * The flow parser reads the shapes of a node's {@code locks:}; this reads what the lock table would make of them.
 */
final class FlowLockCheck {

    private FlowLockCheck() {}

    /** The problems of {@code def}'s locks, each on the line of the declaration it concerns in {@code text}. */
    static List<Problem> problems(FlowDefinition def, String text) {
        List<Problem> out = new ArrayList<>();
        LockDeclaration top = FlowLocks.declared(def);
        for (Problem p : top.problems()) {
            String key = p.message().startsWith("lock-policy") ? "lock-policy" : "locks";
            out.add(new Problem(p.severity(), LockNameCheck.topLine(text, key), p.message()));
        }
        int topLine = LockNameCheck.topLine(text, "locks");
        for (String name : top.templates()) {
            out.addAll(LockNameCheck.problems(name, def.metadata().params(), topLine, "", "flow"));
        }
        for (Map.Entry<String, List<String>> e : def.nodeLocks().entrySet()) {
            int line = FlowParser.lineOfNode(text, e.getKey());
            for (String name : e.getValue()) {
                out.addAll(LockNameCheck.problems(
                        name, def.metadata().params(), line, "node '" + e.getKey() + "': ", "flow"));
            }
        }
        return out;
    }
}
