/**
 * Maintenance windows and change freezes: named calendars read from {@code calendars/*.yaml} beside the runbooks,
 * the {@code windows:} and {@code blackouts:} a runbook or flow names, and the one decision every way of starting a
 * run asks — is now allowed, and if not, when next. Time is always given, never read, so tests pass a fake clock's
 * instant.
 */
package dev.tejun.kernel.guard.windows;
