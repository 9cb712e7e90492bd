package dev.tejun.kernel.flow.def;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** One node of a flow graph. {@link #successors()} are the targets of its outgoing edges, without repeats. */
public sealed interface Node {

    /** The role a pause asks for when it names none. */
    String DEFAULT_APPROVER = "approver";

    String id();

    List<String> successors();

    /** The word used for the node's {@code type:} in the file. */
    String type();

    /** Runs a runbook (a path in the runbooks folder) with params; {@code operation} is handed over as its param. */
    record RunbookNode(String id, String runbook, Map<String, String> params, String operation, String next)
            implements Node {
        public RunbookNode {
            params = Map.copyOf(params);
        }

        public List<String> successors() {
            return one(next);
        }

        public String type() {
            return "runbook";
        }
    }

    /**
     * Chooses one next node. The {@code when} tests come first (a value of an earlier runbook node compared to a
     * text), then {@code on} by the incoming result, then {@code otherwise} (written {@code default:}).
     */
    record BranchNode(String id, List<When> when, Map<Outcome, String> on, String otherwise) implements Node {
        public BranchNode {
            when = List.copyOf(when);
            on = Map.copyOf(on);
        }

        public List<String> successors() {
            LinkedHashSet<String> out = new LinkedHashSet<>();
            when.forEach(w -> out.add(w.next()));
            for (Outcome o : Outcome.values()) {
                if (on.containsKey(o)) {
                    out.add(on.get(o));
                }
            }
            if (otherwise != null) {
                out.add(otherwise);
            }
            return new ArrayList<>(out);
        }

        public String type() {
            return "branch";
        }
    }

    /** One test of a branch: {@code value} is a {@code ${nodes.NODE.CELL.FIELD}} reference (or text with them). */
    record When(String value, String equalsText, String next) {}

    /** Starts every next node at once. */
    record ParallelNode(String id, List<String> next) implements Node {
        public ParallelNode {
            next = List.copyOf(next);
        }

        public List<String> successors() {
            return next;
        }

        public String type() {
            return "parallel";
        }
    }

    /** What a merge does when an incoming path failed or was stopped. */
    enum OnFailure {
        FAIL,
        CONTINUE,
        WARN
    }

    /** Waits for every incoming path; {@code onFailure} is required in the file so the rule is never implicit. */
    record MergeNode(String id, OnFailure onFailure, String next) implements Node {
        public List<String> successors() {
            return one(next);
        }

        public String type() {
            return "merge";
        }
    }

    /**
     * A hold point: waits for an approval. {@code timeout} may be null (wait for ever). {@code approver} is the role
     * an approver must hold besides the approver role itself ({@code approver: admin}, say); null for any approver.
     */
    record PauseNode(
            String id, String message, Duration timeout, boolean approveOnTimeout, String approver, String next)
            implements Node {
        /** The role that may decide this pause. */
        public String approverRole() {
            return approver == null ? DEFAULT_APPROVER : approver;
        }

        public List<String> successors() {
            return one(next);
        }

        public String type() {
            return "pause";
        }
    }

    /** Runs another flow (a path in the runbooks folder) and takes its result. */
    record CallNode(String id, String flow, Map<String, String> params, String next) implements Node {
        public CallNode {
            params = Map.copyOf(params);
        }

        public List<String> successors() {
            return one(next);
        }

        public String type() {
            return "call";
        }
    }

    /**
     * Runs {@code runbook} once per host that {@code hosts} selects (a host pattern, as ssh cells read one), each
     * iteration a run of its own with the host name as param {@code host}. {@code batches}: {@code batch},
     * {@code max-fail} and {@code pause-between} as written, with the meaning they have on ssh cells; {@code retry}:
     * how many more times a failed host is run.
     */
    record ForEachNode(
            String id,
            String hosts,
            String runbook,
            String flow,
            Map<String, String> params,
            Map<String, String> batches,
            int retry,
            String next)
            implements Node {
        public ForEachNode {
            params = Map.copyOf(params);
            batches = Map.copyOf(batches);
        }

        public List<String> successors() {
            return one(next);
        }

        public String type() {
            return "for-each";
        }
    }

    /** Ends a path with a result; when a flow reaches several ends, the worst result wins. */
    record EndNode(String id, Outcome result) implements Node {
        public List<String> successors() {
            return List.of();
        }

        public String type() {
            return "end";
        }
    }

    private static List<String> one(String next) {
        return next == null ? List.of() : List.of(next);
    }
}
