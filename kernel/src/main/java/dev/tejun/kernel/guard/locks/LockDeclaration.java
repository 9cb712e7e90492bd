package dev.tejun.kernel.guard.locks;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runbook's front matter (or a flow's top level) says about locks:
 *
 * <pre>
 * locks: ["db:${params.db}", "host:${params.host}"]   # quoted: YAML reads { in a [...] list as a mapping
 * lock-policy: queue        # or refuse: a second run wanting a held lock fails at once
 * </pre>
 *
 * A cell may hold locks of its own while it runs ({@code ```sh locks="db:${params.db},host:web1"}), with the
 * runbook's policy. A lock name is text with {@code ${params.NAME}} references; each is replaced by the param's value as plain text,
 * never evaluated, so a value can only ever name a lock, and names are compared exactly.
 */
public record LockDeclaration(List<String> templates, Policy policy, List<Problem> problems) {

    public static final List<String> KEYS = List.of("locks", "lock-policy");
    /** The cell attribute naming the locks a cell holds while it runs. */
    public static final String ATTRIBUTE = "locks";

    public static final LockDeclaration NONE = new LockDeclaration(List.of(), Policy.QUEUE, List.of());
    /** The longest lock name, after its params are put in. */
    public static final int LONGEST = 400;

    private static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z0-9_-]+)}");

    /** What a run does about a lock another run holds. */
    public enum Policy {
        QUEUE,
        REFUSE
    }

    public LockDeclaration {
        templates = List.copyOf(templates);
        problems = List.copyOf(problems);
    }

    /** The locks {@code cell} declares in its {@code locks=} attribute (comma-separated), with {@code policy}. */
    public static LockDeclaration ofCell(CodeCell cell, Policy policy) {
        List<String> templates = new ArrayList<>();
        for (String name : cell.attributes().get(ATTRIBUTE).orElse("").split(",")) {
            if (!name.isBlank()) {
                templates.add(name.strip());
            }
        }
        return new LockDeclaration(templates, policy, List.of());
    }

    /**
     * A runbook with no cells whose front matter declares exactly these locks and policy: what a {@code RunGuard}
     * reads, for locks that are not a runbook's (a flow's, a flow node's).
     */
    public Runbook asRunbook() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("locks", templates);
        extra.put("lock-policy", policy.name().toLowerCase(Locale.ROOT));
        return new Runbook("", new Metadata(null, Map.of(), List.of(), null, extra), List.of(), List.of());
    }

    public boolean any() {
        return !templates.isEmpty();
    }

    public static LockDeclaration fromKeys(Map<String, Object> keys) {
        List<Problem> problems = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        Object given = keys.get("locks");
        if (given instanceof String s) {
            templates.add(s);
        } else if (given instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isBlank()) {
                    templates.add(s.strip());
                } else {
                    problems.add(Problem.error(1, "locks: each entry must be a lock name such as db:${params.db}"));
                }
            }
        } else if (given != null) {
            problems.add(Problem.error(1, "locks must be a list of lock names, e.g. [db:${params.db}]"));
        }
        Policy policy = Policy.QUEUE;
        Object p = keys.get("lock-policy");
        if (p != null) {
            switch (String.valueOf(p)) {
                case "queue" -> policy = Policy.QUEUE;
                case "refuse" -> policy = Policy.REFUSE;
                default -> problems.add(Problem.error(1, "lock-policy must be queue or refuse, not '" + p + "'"));
            }
        }
        return new LockDeclaration(templates, policy, problems);
    }

    /**
     * The lock names for a run with these resolved params, sorted (every run takes them in the same order) and
     * without repeats. Throws {@link IllegalArgumentException} for a param that is not there or a name that cannot
     * be a lock name (empty, too long, a control character).
     */
    public List<String> resolve(Map<String, String> params) {
        TreeSet<String> out = new TreeSet<>();
        for (String t : templates) {
            Matcher m = PARAM.matcher(t);
            StringBuilder name = new StringBuilder();
            while (m.find()) {
                String value = params.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(
                            "locks: " + t + " refers to param " + m.group(1) + ", which has no value");
                }
                m.appendReplacement(name, Matcher.quoteReplacement(value));
            }
            m.appendTail(name);
            String n = name.toString();
            if (n.isBlank() || n.length() > LONGEST || n.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("locks: '" + t + "' gives the lock name '" + n
                        + "', which is empty, longer than " + LONGEST + " characters or holds a control character");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }
}
