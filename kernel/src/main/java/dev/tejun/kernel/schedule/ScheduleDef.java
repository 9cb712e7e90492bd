package dev.tejun.kernel.schedule;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One schedule, whichever way it was declared.
 *
 * @param id      {@code file:NAME} for a schedule in a runbook's or flow's front matter, {@code api:N} for one
 *                created through REST; stable, so the last fire time survives restarts
 * @param origin  {@code file} or {@code api}
 * @param params  parameter values for the scheduled run (front matter defaults fill the rest)
 * @param webhook URL that receives a JSON POST when a run fails; null for none
 */
public record ScheduleDef(String id, String origin, Target target, CronSpec cron, ZoneId zone,
                          Map<String, String> params, Misfire misfire, String webhook) {

    public static final String FILE = "file";
    public static final String API = "api";

    public ScheduleDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(cron, "cron");
        zone = zone == null ? ZoneId.of("UTC") : zone;
        params = Map.copyOf(params == null ? Map.of() : params);
        misfire = misfire == null ? Misfire.SKIP : misfire;
        webhook = webhook == null || webhook.isBlank() ? null : webhook;
    }
}
