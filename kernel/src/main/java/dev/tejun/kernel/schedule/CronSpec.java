package dev.tejun.kernel.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A parsed cron expression. Five fields are read as Unix cron ({@code 0 3 * * MON}); six or seven as Quartz
 * ({@code 0 0 3 ? * MON}, seconds first), which is also how a schedule can fire every second. A bad expression
 * is refused with cron-utils' own reason, so {@code tejun check} and the REST API say the same thing.
 */
public final class CronSpec {

    /** An expression cron-utils refused; the message is its reason. */
    public static final class BadCron extends IllegalArgumentException {
        public BadCron(String message) {
            super(message);
        }
    }

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String text;
    private final ExecutionTime times;

    private CronSpec(String text, ExecutionTime times) {
        this.text = text;
        this.times = times;
    }

    public static CronSpec parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new BadCron("empty cron expression");
        }
        String text = expression.strip();
        int fields = text.split("\\s+").length;
        CronParser parser = fields == 5 ? UNIX : QUARTZ;
        if (fields < 5 || fields > 7) {
            throw new BadCron("cron expression '" + text + "' has " + fields
                    + " fields; expected 5 (Unix: minute hour day month weekday) or 6-7 (Quartz, seconds first)");
        }
        try {
            Cron cron = parser.parse(text).validate();
            return new CronSpec(text, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new BadCron("cron expression '" + text + "': " + e.getMessage());
        }
    }

    /** The reason cron-utils gives for refusing {@code expression}, or empty when it is fine. */
    public static Optional<String> problem(String expression) {
        try {
            parse(expression);
            return Optional.empty();
        } catch (BadCron e) {
            return Optional.of(e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /** The first fire time strictly after {@code after}, in {@code zone}'s wall clock. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return times.nextExecution(after.atZone(zone)).map(t -> t.toInstant());
    }

    /** The last fire time at or before {@code atOrBefore}. */
    public Optional<Instant> last(Instant atOrBefore, ZoneId zone) {
        // cron-utils' lastExecution is strictly before; nudge by a nanosecond so an exact fire time counts
        return times.lastExecution(atOrBefore.plusNanos(1).atZone(zone)).map(t -> t.toInstant());
    }

    @Override
    public String toString() {
        return text;
    }
}
