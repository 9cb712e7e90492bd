package dev.tejun.kernel.schedule;

import java.time.Instant;

/** Told when a scheduled run did not succeed (the server posts it to the schedule's webhook). */
@FunctionalInterface
public interface FailureNotifier {

    FailureNotifier NONE = (schedule, fireTime, result) -> {};

    void failed(ScheduleDef schedule, Instant fireTime, RunResult result);
}
