package dev.tejun.kernel.guard.windows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.schedule.CronSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code calendars/*.yaml} beside the runbooks; the file name (without {@code .yaml}) is the calendar's name:
 *
 * <pre>
 * type: block                 # allow (runs only inside) or block (a freeze: no runs inside)
 * timezone: Asia/Tokyo        # default: the server's calendar zone (Asia/Tokyo for a ja locale, else UTC)
 * windows:
 *   - cron: "0 22 * * SAT"    # a start, Unix or Quartz cron as schedules take
 *     duration: 6h            # 90m, 6h, 2d or ISO-8601 (PT6H)
 *   - from: 2026-12-28        # or a range: a date (midnight) or a date-time, to exclusive
 *     to: 2027-01-04T09:00
 * </pre>
 *
 * A file with a problem is left out and its problems are reported; the others still load.
 */
public final class CalendarFiles {

    /** The folder, relative to the runbooks folder. */
    public static final String FOLDER = "calendars";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(m|h|d)");

    /** The calendars that loaded, by name, and the problems of those that did not (file name to messages). */
    public record Loaded(Map<String, MaintenanceCalendar> calendars, Map<String, List<String>> problems) {
        public Loaded {
            calendars = Map.copyOf(calendars);
            problems = Map.copyOf(problems);
        }

        public static final Loaded NONE = new Loaded(Map.of(), Map.of());
    }

    /** A calendar file that cannot be used; the message says what to change. */
    public static final class BadCalendar extends IllegalArgumentException {
        public BadCalendar(String message) {
            super(message);
        }
    }

    private CalendarFiles() {}

    /** The zone a calendar without {@code timezone:} uses: Japan's for a Japanese locale, else UTC. */
    public static ZoneId defaultZone(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? ZoneId.of("Asia/Tokyo") : ZoneId.of("UTC");
    }

    /** Every calendar in {@code runbooksRoot/calendars}; none when the folder does not exist. */
    public static Loaded load(Path runbooksRoot, ZoneId defaultZone) throws IOException {
        Path dir = runbooksRoot.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return Loaded.NONE;
        }
        Map<String, MaintenanceCalendar> out = new TreeMap<>();
        Map<String, List<String>> problems = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".yaml") || Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
                    continue;
                }
                String name = fileName.substring(0, fileName.length() - ".yaml".length());
                try {
                    out.put(name, parse(name, Files.readString(file, StandardCharsets.UTF_8), defaultZone));
                } catch (BadCalendar | IOException e) {
                    problems.put(fileName, List.of(e.getMessage()));
                }
            }
        }
        return new Loaded(out, problems);
    }

    /** One calendar's text; throws {@link BadCalendar} naming what is wrong. */
    public static MaintenanceCalendar parse(String name, String text, ZoneId defaultZone) {
        if (!NAME.matcher(name).matches()) {
            throw new BadCalendar("calendar name '" + name + "' should use only letters, digits, '.', '-' and '_'");
        }
        JsonNode root;
        try {
            root = Json.STRICT_YAML.readTree(text);
        } catch (JacksonException e) {
            throw new BadCalendar(name + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new BadCalendar(name + ": a calendar is a mapping with type, timezone and windows");
        }
        String type = root.path("type").asText("");
        MaintenanceCalendar.Kind kind = switch (type) {
            case "allow" -> MaintenanceCalendar.Kind.ALLOW;
            case "block" -> MaintenanceCalendar.Kind.BLOCK;
            default -> throw new BadCalendar(name + ": type must be allow or block, not '" + type + "'");
        };
        ZoneId zone = defaultZone;
        if (root.hasNonNull("timezone")) {
            try {
                zone = ZoneId.of(root.get("timezone").asText());
            } catch (DateTimeException e) {
                throw new BadCalendar(name + ": unknown timezone '"
                        + root.get("timezone").asText() + "' (use a region id such as Asia/Tokyo or UTC)");
            }
        }
        JsonNode windows = root.path("windows");
        if (!windows.isArray() || windows.isEmpty()) {
            throw new BadCalendar(name + ": windows must list at least one window (cron + duration, or from + to)");
        }
        List<MaintenanceCalendar.Span> spans = new ArrayList<>();
        int i = 0;
        for (JsonNode w : windows) {
            i++;
            spans.add(span(name + ": window " + i, w));
        }
        return new MaintenanceCalendar(name, kind, zone, spans);
    }

    private static MaintenanceCalendar.Span span(String where, JsonNode w) {
        if (w.hasNonNull("cron")) {
            CronSpec cron;
            try {
                cron = CronSpec.parse(w.get("cron").asText());
            } catch (CronSpec.BadCron e) {
                throw new BadCalendar(where + ": " + e.getMessage());
            }
            if (!w.hasNonNull("duration")) {
                throw new BadCalendar(where + ": a cron window needs a duration (e.g. 6h)");
            }
            return new MaintenanceCalendar.Recurring(
                    cron, duration(where, w.get("duration").asText()));
        }
        if (w.hasNonNull("from") && w.hasNonNull("to")) {
            LocalDateTime from = dateTime(where + ": from", w.get("from").asText());
            LocalDateTime to = dateTime(where + ": to", w.get("to").asText());
            if (!to.isAfter(from)) {
                throw new BadCalendar(where + ": to (" + to + ") must come after from (" + from + ")");
            }
            return new MaintenanceCalendar.Range(from, to);
        }
        throw new BadCalendar(where + ": give cron and duration, or from and to");
    }

    static Duration duration(String where, String text) {
        Matcher m = SHORT_DURATION.matcher(text.strip());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new BadCalendar(where + ": duration '" + text + "' is not a duration (use 90m, 6h, 2d or PT6H)");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new BadCalendar(where + ": duration must be positive");
        }
        return d;
    }

    private static LocalDateTime dateTime(String where, String text) {
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadCalendar(
                    where + ": '" + text + "' is not a date (2026-12-28) or date-time (2026-12-28T09:00)");
        }
    }
}
