package dev.tejun.kernel.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule's {@code when:}, the condition columns of its row in the decision table. Each entry names a part of the
 * event and what it must be; one object may hold several tests, all of which must pass:
 *
 * <pre>
 * when:
 *   labels.alertname: NodeDown                 # equals (also { equals: NodeDown })
 *   labels.env: { not: dev }                   # not equals (an event without env passes)
 *   labels.instance: { regex: "web-\\d+" }     # the whole value matches
 *   labels.severity: { in: [critical, major] } # one of these values
 *   annotations.summary: { contains: disk }   # the value holds this text
 *   annotations.value: { gt: 90 }              # numbers: gt, ge, lt, le, between: [10, 20] (inclusive)
 *   labels.team: { present: true }             # present: false for absent
 *   time: { from: "09:00", to: "18:00", days: [mon, tue, wed, thu, fri], zone: Asia/Tokyo }
 * </pre>
 *
 * A numeric test on a value that is not a number does not pass. The time window is when the event arrived; a window
 * whose {@code to} is before its {@code from} runs over midnight.
 */
final class Conditions {

    private static final Pattern FIELD = Pattern.compile("(labels|annotations|fields)\\..+|status|source");
    private static final Set<String> OPS =
            Set.of("equals", "not", "regex", "in", "contains", "gt", "ge", "lt", "le", "between", "present");
    private static final Set<String> TIME_KEYS = Set.of("from", "to", "days", "zone");

    private Conditions() {}

    static List<Rule.Condition> parse(JsonNode when, List<String> errors) {
        List<Rule.Condition> out = new ArrayList<>();
        if (when.isMissingNode() || when.isNull()) {
            return out;
        }
        if (!when.isObject()) {
            errors.add("when must be a mapping of field to value");
            return out;
        }
        when.properties().forEach(p -> {
            String field = p.getKey();
            JsonNode v = p.getValue();
            if (field.equals("time")) {
                Rule.Condition window = window(v, errors);
                if (window != null) {
                    out.add(window);
                }
                return;
            }
            if (!FIELD.matcher(field).matches()) {
                errors.add("when: cannot match on '" + field
                        + "' (use labels.X, annotations.X, fields.X, status, source or time)");
                return;
            }
            if (v.isValueNode()) {
                String equals = v.asText();
                out.add((e, at) -> e.value(field).map(equals::equals).orElse(false));
                return;
            }
            if (!v.isObject() || v.isEmpty()) {
                errors.add("when." + field + " must be a value or an object of tests " + OPS);
                return;
            }
            v.properties().forEach(t -> {
                Rule.Condition c = test(field, t.getKey(), t.getValue(), errors);
                if (c != null) {
                    out.add(c);
                }
            });
        });
        return out;
    }

    private static Rule.Condition test(String field, String op, JsonNode arg, List<String> errors) {
        String where = "when." + field + "." + op;
        switch (op) {
            case "equals" -> {
                String value = arg.asText();
                return (e, at) -> e.value(field).map(value::equals).orElse(false);
            }
            case "not" -> {
                String value = arg.asText();
                return (e, at) -> !e.value(field).map(value::equals).orElse(false);
            }
            case "regex" -> {
                try {
                    Pattern p = Pattern.compile(arg.asText());
                    return (e, at) ->
                            e.value(field).map(v -> p.matcher(v).matches()).orElse(false);
                } catch (PatternSyntaxException x) {
                    errors.add("when." + field + ": bad regex: " + x.getDescription());
                    return null;
                }
            }
            case "in" -> {
                if (!arg.isArray() || arg.isEmpty()) {
                    errors.add(where + " must be a list of values");
                    return null;
                }
                Set<String> values = new java.util.HashSet<>();
                arg.forEach(v -> values.add(v.asText()));
                return (e, at) -> e.value(field).map(values::contains).orElse(false);
            }
            case "contains" -> {
                String part = arg.asText();
                return (e, at) -> e.value(field).map(v -> v.contains(part)).orElse(false);
            }
            case "present" -> {
                if (!arg.isBoolean()) {
                    errors.add(where + " must be true or false");
                    return null;
                }
                boolean wanted = arg.asBoolean();
                return (e, at) -> e.value(field).isPresent() == wanted;
            }
            case "gt", "ge", "lt", "le" -> {
                BigDecimal bound = number(arg, where, errors);
                if (bound == null) {
                    return null;
                }
                return (e, at) -> number(e, field)
                        .map(n -> switch (op) {
                            case "gt" -> n.compareTo(bound) > 0;
                            case "ge" -> n.compareTo(bound) >= 0;
                            case "lt" -> n.compareTo(bound) < 0;
                            default -> n.compareTo(bound) <= 0;
                        })
                        .orElse(false);
            }
            case "between" -> {
                if (!arg.isArray() || arg.size() != 2) {
                    errors.add(where + " must be [low, high]");
                    return null;
                }
                BigDecimal low = number(arg.get(0), where, errors);
                BigDecimal high = number(arg.get(1), where, errors);
                if (low == null || high == null) {
                    return null;
                }
                if (low.compareTo(high) > 0) {
                    errors.add(where + ": low " + low + " is above high " + high);
                    return null;
                }
                return (e, at) -> number(e, field)
                        .map(n -> n.compareTo(low) >= 0 && n.compareTo(high) <= 0)
                        .orElse(false);
            }
            default -> {
                errors.add(
                        "when." + field + ": unknown test '" + op + "' (known: " + new java.util.TreeSet<>(OPS) + ")");
                return null;
            }
        }
    }

    private static BigDecimal number(JsonNode arg, String where, List<String> errors) {
        try {
            return new BigDecimal(arg.asText().strip());
        } catch (NumberFormatException e) {
            errors.add(where + " must be a number, not '" + arg.asText() + "'");
            return null;
        }
    }

    private static Optional<BigDecimal> number(AlertEvent e, String field) {
        return e.value(field).flatMap(v -> {
            try {
                return Optional.of(new BigDecimal(v.strip()));
            } catch (NumberFormatException x) {
                return Optional.empty();
            }
        });
    }

    private static Rule.Condition window(JsonNode v, List<String> errors) {
        if (!v.isObject()) {
            errors.add("when.time must be { from: \"09:00\", to: \"18:00\", days: [mon, …], zone: … }");
            return null;
        }
        v.fieldNames().forEachRemaining(k -> {
            if (!TIME_KEYS.contains(k)) {
                errors.add("when.time: unknown key '" + k + "'");
            }
        });
        LocalTime from = time(v.path("from").asText("00:00"), "when.time.from", errors);
        LocalTime to = time(v.path("to").asText("24:00"), "when.time.to", errors);
        ZoneId zone;
        try {
            zone = v.has("zone") ? ZoneId.of(v.get("zone").asText()) : ZoneId.systemDefault();
        } catch (DateTimeException e) {
            errors.add("when.time.zone '" + v.get("zone").asText() + "' is not a time zone (e.g. Asia/Tokyo, UTC)");
            return null;
        }
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (v.has("days")) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode d : v.get("days")) {
                DayOfWeek day = day(d.asText());
                if (day == null) {
                    errors.add("when.time.days: '" + d.asText() + "' is not a weekday (mon … sun)");
                } else {
                    days.add(day);
                }
            }
        }
        if (from == null || to == null) {
            return null;
        }
        Set<DayOfWeek> on = days;
        boolean overMidnight = to.isBefore(from);
        return (e, at) -> {
            ZonedDateTime t = at.atZone(zone);
            LocalTime clock = t.toLocalTime();
            if (!overMidnight) {
                return on.contains(t.getDayOfWeek())
                        && !clock.isBefore(from)
                        && (clock.isBefore(to) || to.equals(LocalTime.MAX));
            }
            // past midnight the window belongs to the day it started
            return clock.isBefore(to)
                    ? on.contains(t.getDayOfWeek().minus(1))
                    : on.contains(t.getDayOfWeek()) && !clock.isBefore(from);
        };
    }

    private static LocalTime time(String text, String where, List<String> errors) {
        if (text.equals("24:00")) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            errors.add(where + " '" + text + "' is not a time of day (HH:MM)");
            return null;
        }
    }

    private static DayOfWeek day(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        return null;
    }
}
