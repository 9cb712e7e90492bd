package dev.tejun.kernel.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Schedules declared in files, so they are reviewed in Git. In a runbook's front matter, or at the top of a flow
 * file:
 *
 * <pre>
 * schedule: "0 3 * * MON"        # Unix (5 fields) or Quartz (6-7 fields, seconds first)
 * timezone: Asia/Tokyo           # default UTC
 * schedule-params: { env: prod } # values for the scheduled run; front matter `params:` still declares them
 * misfire: run-once              # or skip (the default): what to do about fire times missed while down
 * schedule-webhook: https://…    # JSON POST when a scheduled run fails
 * </pre>
 *
 * The keys sit flat beside {@code schedule:} rather than inside it because the runbook format reads
 * {@code schedule} as one string, and {@code params} already means the declaration of parameters.
 */
public final class DeclaredSchedules {

    public static final List<String> KEYS =
            List.of("schedule", "timezone", "schedule-params", "misfire", "schedule-webhook");

    private static final ObjectMapper YAML = Json.YAML;
    private static final System.Logger LOG = System.getLogger(DeclaredSchedules.class.getName());

    /** What one file declares: a schedule (when it has one and it is valid) and any problems with it. */
    public record Read(Optional<ScheduleDef> schedule, List<Problem> problems) {
        public Read {
            problems = List.copyOf(problems);
        }
    }

    private DeclaredSchedules() {}

    /** Reads the schedule keys of a runbook ({@code .md}) or flow ({@code .flow.yaml}) file's text. */
    public static Read read(String name, String text) {
        Map<String, Object> keys = new LinkedHashMap<>();
        if (name.endsWith(FlowDefinition.SUFFIX)) {
            try {
                Object root = YAML.readValue(text, Object.class);
                if (root instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> keys.put(String.valueOf(k), v));
                }
            } catch (JacksonException e) {
                return new Read(Optional.empty(), List.of()); // the flow check reports broken YAML
            }
        } else {
            Metadata md = RunbookFormat.parse(text).metadata();
            if (md.schedule() != null) {
                keys.put("schedule", md.schedule());
            }
            md.extra().forEach(keys::put);
        }
        return fromKeys(name, keys, text);
    }

    private static Read fromKeys(String name, Map<String, Object> keys, String text) {
        List<Problem> problems = new ArrayList<>();
        Object schedule = keys.get("schedule");
        if (schedule == null) {
            for (String k : KEYS.subList(1, KEYS.size())) {
                if (keys.containsKey(k) && !k.equals("timezone")) {
                    problems.add(Problem.warning(lineOf(text, k), k + " has no effect without schedule:"));
                }
            }
            return new Read(Optional.empty(), problems);
        }
        int line = lineOf(text, "schedule");
        if (!(schedule instanceof String cronText)) {
            problems.add(Problem.error(line, "schedule must be a cron expression in quotes, e.g. \"0 3 * * MON\""));
            return new Read(Optional.empty(), problems);
        }
        CronSpec cron = null;
        try {
            cron = CronSpec.parse(cronText);
        } catch (CronSpec.BadCron e) {
            problems.add(Problem.error(line, "schedule: " + e.getMessage()));
        }
        ZoneId zone = ZoneId.of("UTC");
        if (keys.get("timezone") != null) {
            try {
                zone = ZoneId.of(String.valueOf(keys.get("timezone")));
            } catch (DateTimeException e) {
                problems.add(Problem.error(
                        lineOf(text, "timezone"),
                        "timezone: unknown zone '" + keys.get("timezone")
                                + "' (use a region id such as Asia/Tokyo or UTC)"));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        Object given = keys.get("schedule-params");
        if (given instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (given != null) {
            problems.add(Problem.error(
                    lineOf(text, "schedule-params"), "schedule-params must be a mapping of name to value"));
        }
        Misfire misfire = Misfire.SKIP;
        try {
            misfire = Misfire.parse(keys.get("misfire") == null ? null : String.valueOf(keys.get("misfire")));
        } catch (IllegalArgumentException e) {
            problems.add(Problem.error(lineOf(text, "misfire"), e.getMessage()));
        }
        Object webhook = keys.get("schedule-webhook");
        if (webhook != null && !String.valueOf(webhook).matches("https?://\\S+")) {
            problems.add(Problem.error(lineOf(text, "schedule-webhook"), "schedule-webhook must be an http(s) URL"));
            webhook = null;
        }
        if (problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            return new Read(Optional.empty(), problems);
        }
        return new Read(
                Optional.of(new ScheduleDef(
                        ScheduleDef.FILE + ":" + name,
                        ScheduleDef.FILE,
                        new Target(name),
                        cron,
                        zone,
                        params,
                        misfire,
                        webhook == null ? null : String.valueOf(webhook))),
                problems);
    }

    /** Every valid schedule declared in the folder's runbooks and flows; files with problems are left out. */
    public static List<ScheduleDef> scan(RunbookFolder folder) throws IOException {
        List<ScheduleDef> out = new ArrayList<>();
        for (String name : names(folder.root())) {
            Path file = folder.root().resolve(name);
            if (Files.isSymbolicLink(file)) {
                // a link may lead anywhere (outside the folder, to a file nobody reviewed): not a declared schedule
                LOG.log(System.Logger.Level.WARNING, "schedules: skipped " + name + ", a symbolic link");
                continue;
            }
            try {
                String text = Files.readString(folder.resolve(name), StandardCharsets.UTF_8);
                if (text.contains("schedule")) {
                    read(name, text).schedule().ifPresent(out::add);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "schedules: skipped " + name + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(RunbookFolder.RUNBOOK_SUFFIX) || n.endsWith(RunbookFolder.FLOW_SUFFIX))
                    .filter(n -> !n.matches("(^|.*/)(\\.[^/]*|target|node_modules)/.*"))
                    .sorted()
                    .toList();
        }
    }

    static int lineOf(String text, String key) {
        Matcher m = Pattern.compile("^[ \\t]*[\"']?" + Pattern.quote(key) + "[\"']?[ \\t]*:", Pattern.MULTILINE)
                .matcher(text);
        if (!m.find()) {
            return 1;
        }
        return (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }
}
