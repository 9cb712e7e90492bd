package dev.tejun.kernel.alert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads rule files ({@code rules/*.yaml} in the runbooks folder, reviewed in Git like the runbooks):
 *
 * <pre>
 * rules:
 *   - name: restart-exporter
 *     status: firing                      # firing (default), resolved or any
 *     when:
 *       labels.alertname: ExporterDown    # equals
 *       labels.instance: { regex: "web-\\d+:9100" }   # whole value matches
 *     run: ops/restart.md                 # a runbook, or a flow (*.flow.yaml)
 *     params: { host: "${labels.instance}" }
 *     limit: { runs: 2, per: 10m, key: "${labels.instance}" }
 *     retry: { times: 2, interval: 30s }
 *     quiet-after-failure: 15m
 *     repeat: false                       # true: an alert re-sent while still firing runs again
 *     correlate: { count: 3, within: 5m, by: "${labels.group}", collect: "${labels.instance}" }
 *     action-limit: { runs: 3, per: 1h }  # ops/restart.md at most 3 times an hour, whichever rule ran it
 *     hold: true                          # a match waits for an approver before it runs
 *     ignore: true                        # instead of run: a match is known and recorded, nothing runs
 *     notify: true                        # each match is told (notice event.matched), with or without run:
 *     without: { when: { labels.alertname: NodeUp }, within: 10m, by: "${labels.host}" }  # not after a NodeUp
 *     unless-followed-by: { when: { labels.alertname: NodeUp }, within: 5m, by: "${labels.host}" }  # waits 5m
 * hit: all                              # optional: every matching rule acts (default first: the first one)
 * route:                                # optional: only these events are tried by this file's rules
 *   source: { in: [zabbix, grafana] }
 *   labels.env: prod
 * </pre>
 *
 * A file's {@code route} (the same tests as {@code when}) routes events to its rule list: an event it does not pass
 * skips the file's rules, as if each rule's {@code when} began with it.
 *
 * A correlating rule acts once {@code count} distinct values of {@code collect} came within {@code within} for the
 * same {@code by}, with them as {@code ${fields.correlated}} (comma-separated).
 *
 * Rules are tried in file-name order, then in the order written; the first that matches an event decides it, or
 * with {@code hit: all} every rule of that file that matches it does (see {@link Rule.Hit}).
 * A rule with a problem is left out (and reported), the others still apply.
 */
public final class RuleFiles {

    public static final String FOLDER = "rules";
    private static final ObjectMapper YAML = Json.YAML;
    private static final Set<String> KEYS = Set.of(
            "name",
            "status",
            "when",
            "correlate",
            "run",
            "params",
            "limit",
            "retry",
            "quiet-after-failure",
            "repeat",
            "action-limit",
            "hold",
            "ignore",
            "notify",
            "without",
            "unless-followed-by",
            "description");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** The rules a file yields and what is wrong with it. */
    public record Parsed(List<Rule> rules, List<Problem> problems) {
        public Parsed {
            rules = List.copyOf(rules);
            problems = List.copyOf(problems);
        }
    }

    private RuleFiles() {}

    /** Every rule of every {@code rules/*.yaml} (and {@code .yml}) file, in order; problems per file name. */
    public static Parsed load(RunbookFolder folder) throws IOException {
        return load(folder, f -> parse(FOLDER + "/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8)));
    }

    /** Reads one rules file (its path given) into what it yields. */
    @FunctionalInterface
    interface FileReader {
        Parsed read(Path file) throws IOException;
    }

    /** As {@link #load(RunbookFolder)}, each file read by {@code reader} ({@link RuleFilesCache} keeps the reads). */
    static Parsed load(RunbookFolder folder, FileReader reader) throws IOException {
        Path dir = folder.root().resolve(FOLDER);
        return Files.isDirectory(dir) ? combine(files(dir), reader) : new Parsed(List.of(), List.of());
    }

    /** The rules files in {@code dir} (the folder's {@link #FOLDER}), in the order their rules are tried. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }

    /** The rules of {@code files} in order, each read by {@code reader}; problems named by file. */
    static Parsed combine(List<Path> files, FileReader reader) throws IOException {
        List<Rule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            String name = FOLDER + "/" + f.getFileName();
            Parsed p = reader.read(f);
            rules.addAll(p.rules());
            p.problems().forEach(pr -> problems.add(new Problem(pr.severity(), pr.line(), name + ": " + pr.message())));
        }
        return new Parsed(rules, problems);
    }

    public static Parsed parse(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            return new Parsed(
                    List.of(),
                    List.of(Problem.error(
                            line,
                            "not valid YAML: "
                                    + e.getOriginalMessage().lines().findFirst().orElse(""))));
        }
        JsonNode list = root == null ? null : root.get("rules");
        if (list == null || !list.isArray()) {
            return new Parsed(List.of(), List.of(Problem.error(1, "a rules file must have rules: followed by a list")));
        }
        List<String> routeErrors = new ArrayList<>();
        List<Rule.Condition> route = Conditions.parse(root.path("route"), routeErrors);
        if (!routeErrors.isEmpty()) {
            // a half-read route would send the file's rules events it was meant to keep from them
            routeErrors.forEach(e -> problems.add(Problem.error(1, "route: " + e + "; no rule of the file is used")));
            return new Parsed(List.of(), problems);
        }
        Rule.Hit hit = Rule.Hit.of(root.path("hit").asText("first"));
        if (hit == null) {
            return new Parsed(
                    List.of(),
                    List.of(Problem.error(
                            lineOf(text, "hit", root.path("hit").asText()),
                            "hit: must be first or all, not '"
                                    + root.path("hit").asText() + "'; no rule of the file is used")));
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            String label = node.path("name").isTextual() ? node.get("name").asText() : "rule " + index;
            int line = lineOf(text, node.path("name").asText(null));
            List<String> errors = new ArrayList<>();
            Rule rule = rule(fileName, label, node, route, hit, errors);
            if (!names.add(label)) {
                errors.add("two rules are named " + label);
            }
            errors.forEach(e -> problems.add(Problem.error(line, label + ": " + e)));
            if (errors.isEmpty()) {
                rules.add(rule);
            }
        }
        return new Parsed(rules, problems);
    }

    private static Rule rule(
            String file, String name, JsonNode node, List<Rule.Condition> route, Rule.Hit hit, List<String> errors) {
        if (!node.isObject()) {
            errors.add("a rule must be a mapping");
            return null;
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                errors.add("unknown key '" + k + "'");
            }
        });
        if (!node.path("name").isTextual()) {
            errors.add("name is missing");
        }
        String status = node.path("status").asText(AlertEvent.FIRING);
        if (!Set.of(AlertEvent.FIRING, AlertEvent.RESOLVED, "any").contains(status)) {
            errors.add("status must be firing, resolved or any");
        }
        List<Rule.Condition> when = new ArrayList<>(route);
        when.addAll(Conditions.parse(node.path("when"), errors));
        String run = node.path("run").asText("");
        JsonNode ignore = node.path("ignore");
        if (!ignore.isMissingNode() && !ignore.isBoolean()) {
            errors.add("ignore must be true or false");
        }
        JsonNode notify = node.path("notify");
        if (!notify.isMissingNode() && !notify.isBoolean()) {
            errors.add("notify must be true or false");
        }
        if (ignore.asBoolean() && (!run.isBlank() || notify.asBoolean())) {
            errors.add("ignore: true runs and tells nothing: leave run: and notify: out");
        } else if (!ignore.asBoolean() && !notify.asBoolean() && run.isBlank()) {
            errors.add("run: must name a runbook or flow (or say notify: true to only tell, or ignore: true for events "
                    + "known to need nothing)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (node.has("params")) {
            if (!node.get("params").isObject()) {
                errors.add("params must be a mapping of name to value");
            } else {
                node.get("params")
                        .properties()
                        .forEach(p -> params.put(p.getKey(), p.getValue().asText()));
            }
        }
        params.values()
                .forEach(v -> Template.EVENTS
                        .unknown(v)
                        .forEach(r -> errors.add("unknown reference " + r
                                + " (use labels.X, annotations.X, fields.X, status or source)")));
        // an event's values go into params as data; pasting one in as code is what ${raw:…} would promise
        params.values()
                .forEach(v -> Template.EVENTS.references(v).stream()
                        .filter(Reference::raw)
                        .forEach(r -> errors.add("${raw:" + r.name()
                                + "} is refused: a value from an event is never pasted in as code")));
        Rule.Limit limit = node.has("limit") ? limit(node.get("limit"), "limit", errors) : null;
        Rule.Limit actionLimit =
                node.has("action-limit") ? limit(node.get("action-limit"), "action-limit", errors) : null;
        if (actionLimit != null && !actionLimit.key().isEmpty()) {
            errors.add("action-limit counts every run of the target: it has no key");
        }
        Rule.Retry retry = Rule.Retry.NONE;
        if (node.has("retry")) {
            JsonNode r = node.get("retry");
            int times = r.path("times").asInt(-1);
            if (times < 0 || times > 10) {
                errors.add("retry.times must be 0..10");
            }
            retry = new Rule.Retry(
                    Math.max(times, 0),
                    r.has("interval") ? duration(r.get("interval").asText(), "retry.interval", errors) : Duration.ZERO);
        }
        Duration quiet = node.has("quiet-after-failure")
                ? duration(node.get("quiet-after-failure").asText(), "quiet-after-failure", errors)
                : Duration.ZERO;
        Rule.Correlate correlate = node.has("correlate") ? correlate(node.get("correlate"), errors) : null;
        Rule.Without without = node.has("without") ? without(node.get("without"), "without", errors) : null;
        Rule.Without followedBy = node.has("unless-followed-by")
                ? without(node.get("unless-followed-by"), "unless-followed-by", errors)
                : null;
        if (followedBy != null && node.path("hold").asBoolean()) {
            errors.add("hold and unless-followed-by cannot be combined: a match that waited runs when its time is up");
        }
        JsonNode hold = node.path("hold");
        if (!hold.isMissingNode() && !hold.isBoolean()) {
            errors.add("hold must be true or false");
        }
        JsonNode repeat = node.path("repeat");
        if (!repeat.isMissingNode() && !repeat.isBoolean()) {
            errors.add("repeat must be true or false");
        }
        return errors.isEmpty()
                ? new Rule(
                        file + "#" + name,
                        status,
                        when,
                        new Target(run.isBlank() ? Rule.NO_TARGET : run),
                        params,
                        limit,
                        retry,
                        quiet,
                        correlate,
                        repeat.asBoolean(),
                        actionLimit,
                        hold.asBoolean(),
                        without,
                        followedBy,
                        hit,
                        ignore.asBoolean(),
                        notify.asBoolean())
                : null;
    }

    private static Rule.Limit limit(JsonNode l, String what, List<String> errors) {
        int runs = l.path("runs").asInt(0);
        Duration per = duration(l.path("per").asText(""), what + ".per", errors);
        if (runs < 1) {
            errors.add(what + ".runs must be at least 1");
        }
        String key = l.path("key").asText("");
        Template.EVENTS.unknown(key).forEach(r -> errors.add("unknown reference " + r + " in " + what + ".key"));
        return new Rule.Limit(runs, per, key);
    }

    private static Rule.Correlate correlate(JsonNode c, List<String> errors) {
        if (!c.isObject()) {
            errors.add("correlate must be a mapping: { count: 3, within: 5m, by: …, collect: … }");
            return null;
        }
        c.fieldNames().forEachRemaining(k -> {
            if (!Set.of("count", "within", "by", "collect").contains(k)) {
                errors.add("correlate: unknown key '" + k + "'");
            }
        });
        int count = c.path("count").asInt(0);
        if (count < 2 || count > 1000) {
            errors.add("correlate.count must be 2..1000");
        }
        Duration within = duration(c.path("within").asText(""), "correlate.within", errors);
        String by = c.path("by").asText("");
        String collect = c.path("collect").asText("");
        for (String t : List.of(by, collect)) {
            Template.EVENTS.unknown(t).forEach(r -> errors.add("unknown reference " + r + " in correlate"));
        }
        return new Rule.Correlate(count, within, by, collect);
    }

    /** {@code without:} or {@code unless-followed-by:} (named {@code what}): a cancelling event's test, time, key. */
    private static Rule.Without without(JsonNode w, String what, List<String> errors) {
        if (!w.isObject() || !w.path("when").isObject() || w.path("when").isEmpty()) {
            errors.add(what + " must be a mapping with the cancelling event's when: { when: { labels.alertname: "
                    + "NodeUp }, within: 10m, by: \"${labels.host}\" }");
            return null;
        }
        w.fieldNames().forEachRemaining(k -> {
            if (!Set.of("when", "within", "by").contains(k)) {
                errors.add(what + ": unknown key '" + k + "'");
            }
        });
        List<String> whenErrors = new ArrayList<>();
        List<Rule.Condition> when = Conditions.parse(w.get("when"), whenErrors);
        whenErrors.forEach(e -> errors.add(what + "." + e));
        Duration within = duration(w.path("within").asText(""), what + ".within", errors);
        String by = w.path("by").asText("");
        Template.EVENTS.unknown(by).forEach(r -> errors.add("unknown reference " + r + " in " + what + ".by"));
        return new Rule.Without(when, within, by);
    }

    static Duration duration(String text, String what, List<String> errors) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            errors.add(what + " '" + text + "' is not a duration (e.g. 500ms, 30s, 10m, 1h, 1d)");
            return Duration.ZERO;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static int lineOf(String text, String name) {
        return lineOf(text, "name", name);
    }

    /** The line where {@code key: value} is written (1 when it is not found). */
    private static int lineOf(String text, String key, String name) {
        if (name == null) {
            return 1;
        }
        Matcher m = Pattern.compile(
                        "^\\s*-?\\s*" + Pattern.quote(key) + "\\s*:\\s*[\"']?" + Pattern.quote(name), Pattern.MULTILINE)
                .matcher(text);
        return m.find()
                ? (int) text.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1
                : 1;
    }
}
