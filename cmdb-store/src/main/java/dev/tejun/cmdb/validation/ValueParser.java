package dev.tejun.cmdb.validation;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a raw value (canonical Java value or its text, as it arrives from REST, the grid or Excel) into the
 * canonical value of a column's type, or says why it cannot. Blank text counts as no value.
 */
public final class ValueParser {

    // Compiled once: drift compares 300,000 collected texts per report, and String.matches compiles per call.
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ValueParser() {}

    /** A parsed value or a problem; exactly one is non-null unless the input was blank (both null). */
    public record Parsed(Object value, String problem) {
        static Parsed ok(Object value) {
            return new Parsed(value, null);
        }

        static Parsed bad(String problem) {
            return new Parsed(null, problem);
        }
    }

    public static Parsed parse(ColumnDef column, Object raw) {
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return Parsed.ok(null);
        }
        try {
            return switch (column.type()) {
                case STRING -> string(column, raw, false);
                case TEXT -> string(column, raw, true);
                case SECRET -> raw instanceof String s ? Parsed.ok(s) : Parsed.bad("secret must be text");
                case INTEGER -> integer(column, raw);
                case DECIMAL -> decimal(column, raw);
                case BOOLEAN -> bool(raw);
                case DATE -> date(raw);
                case DATETIME -> dateTime(raw);
                case ENUM ->
                    column.enumValues().contains(raw.toString().trim())
                            ? Parsed.ok(raw.toString().trim())
                            : Parsed.bad("'" + raw + "' is not one of " + column.enumValues());
                case REFERENCE -> reference(raw);
                case IP -> ip(raw.toString().trim());
                case CIDR -> cidr(raw.toString().trim());
                case LIST -> JsonValues.parse(raw, true);
                case MAP -> JsonValues.parse(raw, false);
            };
        } catch (RuntimeException e) {
            return Parsed.bad(
                    "'" + raw + "' is not a valid " + column.type().name().toLowerCase());
        }
    }

    /** The value as unique keys and change detection compare it: one text per distinct canonical value. */
    public static String canonicalText(Object value) {
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return JsonValues.text(value);
        }
        return String.valueOf(value);
    }

    private static Parsed string(ColumnDef column, Object raw, boolean multiLine) {
        if (!(raw instanceof String || raw instanceof Number)) {
            return Parsed.bad("expected text, got " + raw.getClass().getSimpleName());
        }
        String text =
                raw instanceof String s ? s : canonicalText(raw instanceof Double d ? BigDecimal.valueOf(d) : raw);
        if (!multiLine && (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0)) {
            return Parsed.bad("line breaks are not allowed (use a TEXT column)");
        }
        if (column.maxLength() != null && text.codePointCount(0, text.length()) > column.maxLength()) {
            return Parsed.bad("longer than " + column.maxLength() + " characters");
        }
        if (column.pattern() != null
                && !Pattern.compile(column.pattern()).matcher(text).matches()) {
            return Parsed.bad("'" + text + "' does not match " + column.pattern());
        }
        return Parsed.ok(text);
    }

    private static Parsed integer(ColumnDef column, Object raw) {
        long value;
        switch (raw) {
            case Long l -> value = l;
            case Integer i -> value = i;
            case Short s -> value = s;
            case Number n -> {
                BigDecimal d = new BigDecimal(n.toString());
                if (d.stripTrailingZeros().scale() > 0) {
                    return Parsed.bad("'" + raw + "' is not a whole number");
                }
                value = d.longValueExact();
            }
            case String s when WHOLE.matcher(s.trim()).matches() -> value = Long.parseLong(s.trim());
            default -> {
                return Parsed.bad("'" + raw + "' is not a whole number");
            }
        }
        return inRange(column, BigDecimal.valueOf(value), value);
    }

    private static Parsed decimal(ColumnDef column, Object raw) {
        BigDecimal value;
        if (raw instanceof BigDecimal d) {
            value = d;
        } else if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (!Double.isFinite(d)) {
                return Parsed.bad("'" + raw + "' is not a number");
            }
            value = BigDecimal.valueOf(d);
        } else if (raw instanceof Number n) {
            value = new BigDecimal(n.toString());
        } else if (raw instanceof String s && NUMBER.matcher(s.trim()).matches()) {
            value = new BigDecimal(s.trim());
        } else {
            return Parsed.bad("'" + raw + "' is not a number");
        }
        return inRange(column, value, value);
    }

    private static Parsed inRange(ColumnDef column, BigDecimal compared, Object value) {
        if (column.min() != null && compared.compareTo(column.min()) < 0) {
            return Parsed.bad(canonicalText(compared) + " is below the minimum " + canonicalText(column.min()));
        }
        if (column.max() != null && compared.compareTo(column.max()) > 0) {
            return Parsed.bad(canonicalText(compared) + " is above the maximum " + canonicalText(column.max()));
        }
        return Parsed.ok(value);
    }

    private static Parsed bool(Object raw) {
        if (raw instanceof Boolean b) {
            return Parsed.ok(b);
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase();
            if (t.equals("true")) {
                return Parsed.ok(true);
            }
            if (t.equals("false")) {
                return Parsed.ok(false);
            }
        }
        return Parsed.bad("'" + raw + "' is not true or false");
    }

    private static Parsed date(Object raw) {
        if (raw instanceof LocalDate d) {
            return Parsed.ok(d);
        }
        if (raw instanceof String s) {
            try {
                return Parsed.ok(LocalDate.parse(s.trim()));
            } catch (DateTimeParseException e) {
                return Parsed.bad("'" + s + "' is not a date like 2026-01-31");
            }
        }
        return Parsed.bad("'" + raw + "' is not a date like 2026-01-31");
    }

    private static Parsed dateTime(Object raw) {
        switch (raw) {
            case Instant i -> {
                return Parsed.ok(i);
            }
            case OffsetDateTime o -> {
                return Parsed.ok(o.toInstant());
            }
            case LocalDateTime l -> {
                // A zone-less time only arrives from Excel cells, which the import treats as UTC.
                return Parsed.ok(l.toInstant(ZoneOffset.UTC));
            }
            case String s -> {
                try {
                    return Parsed.ok(OffsetDateTime.parse(s.trim()).toInstant());
                } catch (DateTimeParseException e) {
                    return Parsed.bad("'" + s + "' is not a date-time with zone like 2026-01-31T12:00:00Z");
                }
            }
            default -> {
                return Parsed.bad("'" + raw + "' is not a date-time");
            }
        }
    }

    private static Parsed reference(Object raw) {
        if (raw instanceof Double d && d == Math.rint(d)) {
            return Parsed.ok(Long.toString(d.longValue()));
        }
        String key = raw.toString().trim();
        return key.equals(Row.MASK) ? Parsed.bad("not a row key") : Parsed.ok(key);
    }

    private static Parsed ip(String text) {
        return NetAddresses.ipVersion(text) == 0 ? Parsed.bad("'" + text + "' is not an IP address") : Parsed.ok(text);
    }

    private static Parsed cidr(String text) {
        String problem = NetAddresses.cidrProblem(text);
        return problem == null ? Parsed.ok(text) : Parsed.bad("'" + text + "' is not CIDR: " + problem);
    }
}
