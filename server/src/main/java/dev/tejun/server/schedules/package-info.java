/**
 * Schedules over REST: one list of the schedules declared in runbook and flow front matter and those an admin
 * created (stored in SQLite), with next run, last run and last status; the SQLite {@link
 * dev.tejun.server.schedules.ScheduleStore} behind the kernel's scheduler, and failure webhooks. A schedule
 * declared in a file fires only once a user allowed to run it activated it, as that user, until its files change
 * ({@link dev.tejun.server.schedules.Activations}).
 */
package dev.tejun.server.schedules;
