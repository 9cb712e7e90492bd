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
 * @param runAs   who the runs run as: the user who activated the schedule, with their roles when it fires
 */
public record ScheduleDef(
        String id,
        String origin,
        Target target,
        CronSpec cron,
        ZoneId zone,
        Map<String, String> params,
        Misfire misfire,
        String webhook,
        ServiceIdentity runAs) {

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
        runAs = runAs == null ? ServiceIdentity.SCHEDULER : runAs;
    }

    /** Run as the {@link ServiceIdentity#SCHEDULER}, until the server says who activated it. */
    public ScheduleDef(
            String id,
            String origin,
            Target target,
            CronSpec cron,
            ZoneId zone,
            Map<String, String> params,
            Misfire misfire,
            String webhook) {
        this(id, origin, target, cron, zone, params, misfire, webhook, null);
    }

    /** This schedule, run as {@code who} and only while its files hash to {@code pinnedHash}. */
    public ScheduleDef activated(ServiceIdentity who, String pinnedHash) {
        return new ScheduleDef(
                id, origin, new Target(target.name(), pinnedHash), cron, zone, params, misfire, webhook, who);
    }
}
