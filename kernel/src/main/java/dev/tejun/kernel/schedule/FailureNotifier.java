package dev.tejun.kernel.schedule;

import java.time.Instant;

/**
 * Told when a scheduled run did not succeed (the server posts it to the schedule's webhook), and when fire times were
 * missed and skipped (the server audits it as {@code schedule.misfired}, which notifications tell).
 */
@FunctionalInterface
public interface FailureNotifier {

    FailureNotifier NONE = (schedule, fireTime, result) -> {};

    void failed(ScheduleDef schedule, Instant fireTime, RunResult result);

    /** Fire times up to {@code fireTime} were missed and, by the schedule's misfire policy, skipped; {@code why} says. */
    default void misfired(ScheduleDef schedule, Instant fireTime, String why) {}
}
