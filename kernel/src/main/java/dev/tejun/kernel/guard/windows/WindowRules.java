package dev.tejun.kernel.guard.windows;

import com.fasterxml.jackson.core.JacksonException;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calendars a runbook or flow obeys, from its front matter (or a flow file's top level):
 *
 * <pre>
 * windows: [weekend-maintenance]   # allow calendars: only inside one of them
 * blackouts: [year-end]            # block calendars: never inside one of them
 * window-policy: defer             # for schedules and alert rules outside the windows: defer (default) or skip
 * </pre>
 *
 * Which key names a calendar does not change what it is: its file's {@code type:} decides; {@code tejun check}
 * warns when the two disagree. Not to be confused with a cell's {@code freeze=true}.
 */
public record WindowRules(List<String> windows, List<String> blackouts, Policy policy, List<Problem> problems) {

    public static final List<String> KEYS = List.of("windows", "blackouts", "window-policy");
    public static final WindowRules NONE = new WindowRules(List.of(), List.of(), Policy.DEFER, List.of());

    /** What a headless run (schedule, alert rule) does when it may not run now. */
    public enum Policy {
        /** Wait for the next allowed time and run then. */
        DEFER,
        /** Record it as skipped and wait for the next trigger. */
        SKIP
    }

    public WindowRules {
        windows = List.copyOf(windows);
        blackouts = List.copyOf(blackouts);
        problems = List.copyOf(problems);
    }

    /** Whether it names any calendar at all. */
    public boolean any() {
        return !windows.isEmpty() || !blackouts.isEmpty();
    }

    /** Every calendar named, windows first. */
    public List<String> names() {
        List<String> all = new ArrayList<>(windows);
        all.addAll(blackouts);
        return all;
    }

    /** Reads a runbook's ({@code .md}) front matter or a flow file's ({@code .flow.yaml}) top level. */
    public static WindowRules read(String name, String text) {
        Map<String, Object> keys = new LinkedHashMap<>();
        if (name.endsWith(RunbookFolder.FLOW_SUFFIX)) {
            try {
                if (Json.YAML.readValue(text, Object.class) instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> keys.put(String.valueOf(k), v));
                }
            } catch (JacksonException e) {
                return NONE; // the flow check reports broken YAML
            }
        } else {
            keys.putAll(RunbookFormat.parse(text).metadata().extra());
        }
        return fromKeys(keys);
    }

    /** Reads the keys of a parsed front matter ({@code Metadata.extra()} or a flow's top level). */
    public static WindowRules fromKeys(Map<String, Object> keys) {
        List<Problem> problems = new ArrayList<>();
        List<String> windows = names("windows", keys.get("windows"), problems);
        List<String> blackouts = names("blackouts", keys.get("blackouts"), problems);
        Policy policy = Policy.DEFER;
        Object p = keys.get("window-policy");
        if (p != null) {
            switch (String.valueOf(p)) {
                case "defer" -> policy = Policy.DEFER;
                case "skip" -> policy = Policy.SKIP;
                default -> problems.add(Problem.error(1, "window-policy must be defer or skip, not '" + p + "'"));
            }
        }
        return new WindowRules(windows, blackouts, policy, problems);
    }

    private static List<String> names(String key, Object value, List<Problem> problems) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof String s && !s.isBlank()) {
                    out.add(s.strip());
                } else {
                    problems.add(Problem.error(1, key + ": each entry must be a calendar name, not '" + o + "'"));
                }
            }
            return out;
        }
        problems.add(Problem.error(1, key + " must be a list of calendar names, e.g. [weekend-maintenance]"));
        return List.of();
    }
}
