package dev.tejun.kernel.exec.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.runbook.Attributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The body of a dialog cell: a YAML list of steps, read and checked whole before any host is contacted.
 *
 * <pre>
 * - expect: 'Password:'          # a regex, searched in what the host wrote since the last match
 *   send: '$[host.credential]'   # sent with Enter; $[NAME] is a capture, a host value or a ${…} value
 *   secret: true                 # the text sent is masked in output and transcript
 * - expect: '&gt;'
 *   send: show version
 * - expect: 'Version (\S+)'
 *   capture: version             # group 1 (or the whole match) as $[version], and in the cell's result
 *   timeout: 5s                  # this step's wait (default step-timeout=, 10 s)
 * - expect: '&gt;'
 *   more: '--More--'             # a pager prompt seen while waiting is answered with a space
 * - expect: 'enable mode'
 *   id: enabled
 *   optional: true               # not seeing it is no failure
 * - if: '!enabled'               # only when step "enabled" did not match (or "enabled": when it did)
 *   send: exit
 * </pre>
 */
record DialogScript(List<Step> steps) {

    /** How much of the screen a step timeout shows. */
    static final int SCREEN_TAIL = 2048;

    private static final Set<String> KEYS =
            Set.of("expect", "send", "capture", "timeout", "more", "id", "optional", "if", "secret", "enter");

    /**
     * One step; {@code expect}, {@code send}, {@code capture}, {@code more}, {@code id}, {@code condition} may be null.
     *
     * @param condition a step id or capture name, {@code !} first for "did not match"
     * @param enter     whether Enter follows the text sent
     */
    record Step(
            int number,
            String expect,
            String send,
            String capture,
            Duration timeout,
            String more,
            String id,
            boolean optional,
            String condition,
            boolean secret,
            boolean enter) {

        /** The name the step's match is known by for {@code if:}: its id, else its capture. */
        String name() {
            return id != null ? id : capture;
        }
    }

    static DialogScript parse(String body, Duration stepTimeout) throws CellSettings.Refused {
        JsonNode root;
        try {
            root = Json.YAML.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CellSettings.Refused("the dialog is not YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new CellSettings.Refused("a dialog cell's body is a YAML list of steps (- expect: …, send: …)");
        }
        List<Step> steps = new ArrayList<>();
        Set<String> named = new HashSet<>();
        int n = 0;
        for (JsonNode s : root) {
            n++;
            String where = "step " + n + ": ";
            if (!s.isObject()) {
                throw new CellSettings.Refused(where + "a step is a map of expect/send/capture/…");
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw new CellSettings.Refused(where + "unknown key '" + key + "' (known: "
                            + String.join(", ", KEYS.stream().sorted().toList()) + ")");
                }
            }
            String expect = text(s, "expect", where);
            String send = text(s, "send", where);
            String capture = text(s, "capture", where);
            String more = text(s, "more", where);
            String id = text(s, "id", where);
            String condition = text(s, "if", where);
            if (expect == null && send == null) {
                throw new CellSettings.Refused(where + "has neither expect nor send");
            }
            if (expect == null && (capture != null || more != null || s.has("optional"))) {
                throw new CellSettings.Refused(where + "capture, more and optional need an expect");
            }
            check(where, "expect", expect);
            check(where, "more", more);
            for (String name : new String[] {capture, id}) {
                if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new CellSettings.Refused(where + "'" + name + "' is not a name (letters, digits, _)");
                }
            }
            if (condition != null) {
                String ref = condition.startsWith("!") ? condition.substring(1).strip() : condition.strip();
                if (!named.contains(ref)) {
                    throw new CellSettings.Refused(where + "if: " + condition + " names no earlier step id or capture");
                }
            }
            Duration timeout = stepTimeout;
            String t = text(s, "timeout", where);
            if (t != null) {
                try {
                    timeout = new CellSettings(new Attributes(null, List.of(), Map.of("timeout", t)))
                            .duration("timeout", stepTimeout);
                } catch (CellSettings.Refused e) {
                    throw new CellSettings.Refused(where + e.getMessage());
                }
            }
            Step step = new Step(
                    n,
                    expect,
                    send,
                    capture,
                    timeout,
                    more,
                    id,
                    s.path("optional").asBoolean(false),
                    condition == null ? null : condition.strip(),
                    s.path("secret").asBoolean(false),
                    s.path("enter").asBoolean(true));
            if (step.name() != null) {
                named.add(step.name());
            }
            if (id != null && capture != null) {
                named.add(capture);
            }
            steps.add(step);
        }
        return new DialogScript(List.copyOf(steps));
    }

    private static String text(JsonNode step, String key, String where) throws CellSettings.Refused {
        JsonNode v = step.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new CellSettings.Refused(where + key + " is a text, not a list or map");
        }
        return v.asText();
    }

    /** A regex that compiles once its {@code $[…]} values are in; values are quoted, so a placeholder stands for one. */
    private static void check(String where, String key, String regex) throws CellSettings.Refused {
        if (regex == null) {
            return;
        }
        try {
            Pattern.compile(Placeholders.PATTERN.matcher(regex).replaceAll("x"));
        } catch (PatternSyntaxException e) {
            throw new CellSettings.Refused(where + key + " is not a regular expression: " + e.getDescription());
        }
    }
}
