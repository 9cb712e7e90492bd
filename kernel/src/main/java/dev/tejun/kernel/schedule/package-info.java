/**
 * Headless schedules: cron expressions (Unix and Quartz style, parsed by cron-utils), schedules declared in a
 * runbook's or flow's front matter, and the {@link dev.tejun.kernel.schedule.Scheduler} that fires them from an
 * injectable clock onto a bounded pool, never two runs of one schedule at once, with a per-schedule misfire
 * policy after downtime. Storage and notification are behind small interfaces the server implements
 * ({@link dev.tejun.kernel.schedule.ScheduleLedger}, {@link dev.tejun.kernel.schedule.FailureNotifier}); what a
 * run does is behind {@link dev.tejun.kernel.schedule.TargetRunner}, shared with alert-triggered runs.
 */
package dev.tejun.kernel.schedule;
