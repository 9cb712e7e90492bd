package dev.tejun.kernel.guard.locks;

import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tejun check} on one lock name template, a runbook's or a flow's, as the lock table would resolve it: only
 * {@code ${params.NAME}} of a declared param put in, not empty, too long or holding a control character; a secret
 * param in a name is a warning (lock names show to viewers). Without it a bad name passes the check and fails each
 * run at its start.
 */
public final class LockNameCheck {

    private static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z0-9_-]+)}");

    private LockNameCheck() {}

    /**
     * What is wrong with {@code template} on {@code line}: {@code where} prefixes each message (e.g. a node or cell),
     * {@code owner} names what declares the params ("flow", "runbook").
     */
    public static List<Problem> problems(
            String template, Map<String, ParamSpec> params, int line, String where, String owner) {
        List<Problem> out = new ArrayList<>();
        Map<String, String> sample = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String param = m.group(1);
            ParamSpec spec = params.get(param);
            if (spec == null) {
                out.add(Problem.error(
                        line,
                        where + "locks: '" + template + "' refers to param " + param + ", which the " + owner
                                + " does not declare (declared: "
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

    /** The line of top-level key {@code key} (written at the start of a line) in {@code text}, else 1. */
    public static int topLine(String text, String key) {
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
