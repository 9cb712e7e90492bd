/**
 * Maintenance windows on the server: the calendars' admin API, the window status a notebook shows, the overrides an
 * approver grants for a manual run outside the windows (stored in {@code window_overrides}, audited with their
 * reason), and the checks every way of starting a run asks ({@link dev.tejun.server.guard.windows.WindowGuard}).
 */
package dev.tejun.server.guard.windows;
