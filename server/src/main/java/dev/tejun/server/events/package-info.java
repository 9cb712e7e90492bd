/**
 * Alert-triggered runs over REST: {@code POST /api/events} takes an Alertmanager webhook (version 4) or a
 * generic JSON event and hands it to the kernel's rules ({@code rules/*.yaml}); {@code /api/events/dry-run}
 * shows what would run; every event, decision and run attempt is kept in SQLite ({@link
 * dev.tejun.server.events.EventStore}) and linked to the run's evidence. A rule runs only once activated, in
 * its activator's name ({@link dev.tejun.server.events.RuleActivations}, {@code /api/rules}).
 */
package dev.tejun.server.events;
